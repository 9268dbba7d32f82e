-- Whose 三公 costs rose on the year before (the 三公 total; budgets against budgets,
-- final accounts against final accounts).
SELECT department, doc_kind, fiscal_year, prior_amount_yuan, amount_yuan, change_yuan,
       change_pct
FROM v_three_public_trend
WHERE item = '合计' AND change_yuan > 0
ORDER BY change_yuan DESC;
