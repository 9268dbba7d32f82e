-- Budget (预算) against final accounts (决算) of the same department, year and code.
CREATE OR REPLACE VIEW v_budget_execution AS
SELECT
    f.department,
    f.region,
    f.fiscal_year,
    f.subject_code,
    f.subject_name,
    f.level,
    b.total_yuan AS budget_total_yuan,
    f.total_yuan AS final_total_yuan,
    CAST(round(f.total_yuan / nullif(b.total_yuan, 0), 4) AS DECIMAL(9, 4)) AS execution_rate,
    CASE WHEN b.total_yuan IS NOT NULL THEN 'budget_document' END AS budget_source
FROM v_expenditure_by_function AS f
LEFT JOIN v_expenditure_by_function AS b
    ON b.department = f.department
   AND b.fiscal_year = f.fiscal_year
   AND b.subject_code = f.subject_code
   AND b.doc_kind = 'budget'
WHERE f.doc_kind = 'final_accounts';

COMMENT ON VIEW v_budget_execution IS 'Department x year x functional code: the budget document''s total against the final accounts'' total and the execution rate (final / budget); budget NULL where no budget of that year is loaded.';
