-- The largest year-on-year changes by 类: which department's spending on which function
-- moved most, against the prior year of the same kind and fund scope?
SELECT department, doc_kind, fiscal_year, subject_code, subject_name, fund_scope,
       prior_total_yuan, total_yuan, change_yuan, change_pct
FROM v_expenditure_yoy
WHERE level = '类' AND change_yuan IS NOT NULL
ORDER BY abs(change_yuan) DESC, department, fiscal_year, subject_code
LIMIT 10;
