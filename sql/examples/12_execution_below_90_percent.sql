-- Where did final expenditure fall below 90% of the budget? Each rate names its base (a
-- budget document, or the narrative's 年初预算 / 全年预算).
SELECT department, fiscal_year, subject_code, subject_name, level, budget_base,
       budget_total_yuan, final_total_yuan, execution_rate
FROM v_budget_execution
WHERE execution_rate < 0.9
ORDER BY execution_rate, department, subject_code;
