-- Year over year, per department and functional code, comparing documents of the same kind
-- (a budget with the prior budget, final accounts with the prior final accounts), of the
-- same scope (部门 or 单位), and
-- figures of the same fund scope (never all funds against 一般公共预算 alone).
CREATE OR REPLACE VIEW v_expenditure_yoy AS
SELECT
    cur.department,
    cur.region,
    cur.scope,
    cur.government_level,
    cur.doc_kind,
    cur.subject_code,
    cur.subject_name,
    cur.level,
    cur.fund_scope,
    cur.source_table,
    cur.fiscal_year,
    cur.total_yuan,
    prior.total_yuan AS prior_total_yuan,
    CAST(cur.total_yuan - prior.total_yuan AS DECIMAL(18, 2)) AS change_yuan,
    CAST(round(100 * (cur.total_yuan - prior.total_yuan) / nullif(prior.total_yuan, 0), 2)
         AS DECIMAL(12, 2)) AS change_pct
FROM v_expenditure_by_function AS cur
LEFT JOIN v_expenditure_by_function AS prior
    ON prior.department = cur.department
   AND prior.scope IS NOT DISTINCT FROM cur.scope
   AND prior.doc_kind = cur.doc_kind
   AND prior.subject_code = cur.subject_code
   AND prior.fund_scope = cur.fund_scope
   AND prior.fiscal_year = cur.fiscal_year - 1;

COMMENT ON VIEW v_expenditure_yoy IS 'Department x functional code x year: total_yuan, the prior year''s total of the same doc_kind and fund_scope (source_table says which table each figure is from), change in yuan and in percent (NULL where the prior year is not loaded).';
