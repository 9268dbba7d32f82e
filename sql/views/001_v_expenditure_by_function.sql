-- Expenditure of each loaded document by functional code (类 / 款 / 项), from the widest
-- fund scope the publication prints the code for (fact_expenditure_by_function): all funds
-- (the expenditure table, else the summary's 类 lines), else 一般公共预算, else 财政拨款.
-- A province whose expenditure table prints totals only (Jiangsu's budgets) is thus in the
-- view too, each figure with its source table and fund scope, so that a comparison never
-- mixes scopes. A publication that arrived as several files is counted once.
-- Unverified documents (a material failure: v_documents) are left out unless the session
-- asks for them: SET VARIABLE include_unverified = true.
CREATE OR REPLACE VIEW v_expenditure_by_function AS
WITH best AS (
    SELECT f.*
    FROM fact_expenditure_by_function AS f
    JOIN dim_document AS d USING (document_id)
    WHERE f.fund_scope IN ('all_funds', 'general_public_budget', 'fiscal_appropriation')
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(d.publication_id, d.document_id), f.subject_code
        ORDER BY CASE fund_scope WHEN 'all_funds' THEN 1 WHEN 'general_public_budget' THEN 2
                                 ELSE 3 END
    ) = 1
)
SELECT
    d.document_id,
    d.department,
    d.region,
    d.fiscal_year,
    d.doc_kind,
    b.subject_code,
    -- the code's name as the year's coded tables print it (a summary prints "一、一般公共服务支出")
    coalesce(c.name, b.printed_name) AS subject_name,
    CASE length(b.subject_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS level,
    b.total_yuan,
    b.basic_yuan,
    b.project_yuan,
    b.source_table,
    b.fund_scope,
    d.scope,
    d.government_level,
    b.page,
    d.verification
FROM best AS b
JOIN dim_document AS d USING (document_id)
LEFT JOIN dim_functional_code AS c ON c.fiscal_year = d.fiscal_year AND c.code = b.subject_code
WHERE d.verification <> 'unverified' OR coalesce(getvariable('include_unverified'), false);

COMMENT ON VIEW v_expenditure_by_function IS 'Document x functional code: total, basic and project expenditure in yuan, from the widest fund scope the publication prints the code for (fact_expenditure_by_function: all_funds from the expenditure table, else the summary''s 类 lines; else general_public_budget; else fiscal_appropriation), with source_table and fund_scope, the document''s scope and government_level, and the page the figure was read from. Unverified documents are left out unless the session sets SET VARIABLE include_unverified = true.';
