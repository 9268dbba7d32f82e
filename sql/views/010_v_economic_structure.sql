-- Basic expenditure (基本支出) split into 人员经费 and 公用经费 per document, and their
-- shares. 人员经费 is the economic classes 301 工资福利支出 and 303 对个人和家庭的补助, 公用
--经费 the others (302 商品和服务支出, 310 资本性支出…), as the 部门经济分类 defines them;
-- where the table prints 人员经费 / 公用经费 columns (Shanghai budgets) those are taken.
-- From the widest fund scope the publication prints the basic-expenditure table for.
CREATE OR REPLACE VIEW v_economic_structure AS
WITH scoped AS (
    SELECT f.*, d.publication_id
    FROM fact_basic_expenditure_by_economic AS f
    JOIN dim_document AS d USING (document_id)
    WHERE length(f.economic_code) = 3
    QUALIFY dense_rank() OVER (
        PARTITION BY coalesce(d.publication_id, d.document_id)
        ORDER BY CASE f.fund_scope WHEN 'general_public_budget' THEN 1 ELSE 2 END
    ) = 1
),
split AS (
    SELECT
        document_id,
        min(fund_scope) AS fund_scope,
        min(source_table) AS source_table,
        min(page) AS page,
        CAST(sum(amount_yuan) AS DECIMAL(18, 2)) AS basic_total_yuan,
        CAST(CASE WHEN count(personnel_yuan) > 0 THEN sum(personnel_yuan)
                  ELSE sum(amount_yuan) FILTER (WHERE economic_code IN ('301', '303')) END
             AS DECIMAL(18, 2)) AS personnel_yuan,
        CAST(CASE WHEN count(public_yuan) > 0 THEN sum(public_yuan)
                  ELSE sum(amount_yuan) FILTER (WHERE economic_code NOT IN ('301', '303')) END
             AS DECIMAL(18, 2)) AS public_yuan,
        CASE WHEN count(personnel_yuan) > 0 THEN 'printed_columns' ELSE 'economic_classes' END
            AS split_from
    FROM scoped
    GROUP BY document_id
)
SELECT
    d.document_id,
    d.department,
    d.region,
    d.government_level,
    d.fiscal_year,
    d.doc_kind,
    d.scope,
    s.fund_scope,
    s.basic_total_yuan,
    s.personnel_yuan,
    s.public_yuan,
    CAST(round(s.personnel_yuan / nullif(s.basic_total_yuan, 0), 4) AS DECIMAL(7, 4))
        AS personnel_share,
    CAST(round(s.public_yuan / nullif(s.basic_total_yuan, 0), 4) AS DECIMAL(7, 4))
        AS public_share,
    s.split_from,
    s.source_table,
    s.page,
    d.verification
FROM split AS s
JOIN dim_document AS d USING (document_id)
WHERE d.verification <> 'unverified' OR coalesce(getvariable('include_unverified'), false);

COMMENT ON VIEW v_economic_structure IS 'Document: basic expenditure (基本支出) by economic class, split into 人员经费 (301 工资福利支出 + 303 对个人和家庭的补助, or the printed 人员经费 column) and 公用经费 (the other classes, or the printed 公用经费 column), with their shares of the total (0-1); split_from says which; from the general-public-budget basic-expenditure table, else the 财政拨款 one (fund_scope, source_table, page). Unverified documents are left out unless SET VARIABLE include_unverified = true.';
