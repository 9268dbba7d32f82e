-- Which 项 (items) were paid from project money rather than basic expenditure?
SELECT department, fiscal_year, subject_code, subject_name, total_yuan, basic_yuan, project_yuan
FROM v_expenditure_by_function
WHERE level = '项' AND coalesce(project_yuan, 0) > 0
ORDER BY project_yuan DESC;
