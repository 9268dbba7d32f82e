-- How much did each department spend per 类 (functional class), and on what share?
SELECT department, fiscal_year, doc_kind, subject_code, subject_name,
       total_yuan, share_of_department, rank_among_departments
FROM v_department_comparison
ORDER BY fiscal_year, department, total_yuan DESC;
