-- Each 三公 item of each department, year by year, with its change on the year before.
SELECT department, item, fiscal_year, amount_yuan, change_yuan, change_pct
FROM v_three_public_trend
ORDER BY department, item, fiscal_year;
