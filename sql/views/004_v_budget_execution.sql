-- Budget (预算) against final accounts (决算) of the same department, year and code. Where
-- no budget document of that year is loaded, the final accounts' own narrative may state
-- the 年初预算 per 类 (一般公共服务支出年初预算1,563.75万元): it is used, and said so.
CREATE OR REPLACE VIEW v_budget_execution AS
WITH narrative_budget AS (
    SELECT n.document_id, n.row_code AS subject_code, max(n.amount_yuan) AS budget_yuan
    FROM narrative_figures AS n
    JOIN v_documents AS d USING (document_id)
    WHERE d.verification <> 'unverified'
      AND NOT n.derived
      AND n.row_code IS NOT NULL
      AND n.metric LIKE '%年初预算'
      AND n.fiscal_year = d.fiscal_year
    GROUP BY n.document_id, n.row_code
)
SELECT
    f.department,
    f.region,
    f.fiscal_year,
    f.subject_code,
    f.subject_name,
    f.level,
    CAST(coalesce(b.total_yuan, nb.budget_yuan) AS DECIMAL(18, 2)) AS budget_total_yuan,
    f.total_yuan AS final_total_yuan,
    CAST(round(f.total_yuan / nullif(coalesce(b.total_yuan, nb.budget_yuan), 0), 4)
         AS DECIMAL(9, 4)) AS execution_rate,
    CASE
        WHEN b.total_yuan IS NOT NULL THEN 'budget_document'
        WHEN nb.budget_yuan IS NOT NULL THEN 'narrative'
    END AS budget_source
FROM v_expenditure_by_function AS f
LEFT JOIN v_expenditure_by_function AS b
    ON b.department = f.department
   AND b.fiscal_year = f.fiscal_year
   AND b.subject_code = f.subject_code
   AND b.doc_kind = 'budget'
LEFT JOIN narrative_budget AS nb
    ON nb.document_id = f.document_id
   AND nb.subject_code = f.subject_code
WHERE f.doc_kind = 'final_accounts';

COMMENT ON VIEW v_budget_execution IS 'Department x year x functional code: the budget''s total against the final accounts'' total and the execution rate (final / budget). The budget comes from a loaded budget document of that year, else from the final accounts'' narrative (年初预算 per 类); budget_source says which, NULL when neither.';
