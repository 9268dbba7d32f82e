-- Budget (预算) against final accounts (决算) of the same department, year, scope, code and
-- fund scope: one row per final figure, against the first base known (budget_base):
--   预算      the department's own budget document of that year;
--   年初预算  the final accounts' narrative's 年初预算 per code (一般公共服务支出年初预算
--             1,563.75万元), where it states one;
--   全年预算  the narrative's 全年预算 / 调整预算 per code (the budget after adjustments).
-- A final figure with none of them has the base NULL.
CREATE OR REPLACE VIEW v_budget_execution AS
WITH narrative_budget AS (
    SELECT
        n.document_id,
        n.row_code AS subject_code,
        CASE WHEN n.metric LIKE '%年初预算' THEN '年初预算' ELSE '全年预算' END AS budget_base,
        max(n.amount_yuan) AS budget_yuan
    FROM narrative_figures AS n
    JOIN dim_document AS d USING (document_id)
    WHERE NOT n.derived
      AND n.row_code IS NOT NULL
      AND (n.metric LIKE '%年初预算' OR n.metric LIKE '%全年预算' OR n.metric LIKE '%调整预算')
      AND n.fiscal_year = d.fiscal_year
    GROUP BY ALL
),
bases AS (
    SELECT
        f.document_id, f.subject_code, '预算' AS budget_base, b.total_yuan AS budget_yuan,
        'budget_document' AS budget_source
    FROM v_expenditure_by_function AS f
    JOIN v_expenditure_by_function AS b
        ON b.department = f.department
       AND b.scope IS NOT DISTINCT FROM f.scope
       AND b.fiscal_year = f.fiscal_year
       AND b.subject_code = f.subject_code
       AND b.fund_scope = f.fund_scope
       AND b.doc_kind = 'budget'
    WHERE f.doc_kind = 'final_accounts'
    UNION ALL
    SELECT document_id, subject_code, budget_base, budget_yuan, 'narrative'
    FROM narrative_budget
)
SELECT
    f.department,
    f.region,
    f.scope,
    f.fiscal_year,
    f.subject_code,
    f.subject_name,
    f.level,
    f.fund_scope,
    CAST(b.budget_yuan AS DECIMAL(18, 2)) AS budget_total_yuan,
    f.total_yuan AS final_total_yuan,
    CAST(round(f.total_yuan / nullif(b.budget_yuan, 0), 4) AS DECIMAL(9, 4)) AS execution_rate,
    b.budget_source,
    b.budget_base,
    f.document_id
FROM v_expenditure_by_function AS f
LEFT JOIN bases AS b USING (document_id, subject_code)
WHERE f.doc_kind = 'final_accounts'
QUALIFY row_number() OVER (
    PARTITION BY f.document_id, f.subject_code
    ORDER BY CASE b.budget_base WHEN '预算' THEN 1 WHEN '年初预算' THEN 2 ELSE 3 END
) = 1;

COMMENT ON VIEW v_budget_execution IS 'Department x year x functional code: the budget''s total against the final accounts'' total and the execution rate (final / budget), against the first base known. budget_base names it: 预算 (a loaded budget document of that year, same scope and fund_scope; budget_source budget_document), 年初预算 or 全年预算 (the final accounts'' narrative per code; budget_source narrative); NULL when none is known.';
