-- Expenditure of each loaded document by functional code (类 / 款 / 项), from its
-- expenditure table (支出决算表 / 部门支出总表): total = basic + project. A publication that
-- arrived as several files is counted once (v_line_items); unverified documents (a
-- material failure: v_documents) are left out.
CREATE OR REPLACE VIEW v_expenditure_by_function AS
SELECT
    d.document_id,
    d.department,
    d.region,
    d.fiscal_year,
    d.doc_kind,
    li.row_code AS subject_code,
    any_value(li.row_label) AS subject_name,
    CASE length(li.row_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS level,
    CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'total') AS DECIMAL(18, 2)) AS total_yuan,
    CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'basic') AS DECIMAL(18, 2)) AS basic_yuan,
    CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'project') AS DECIMAL(18, 2)) AS project_yuan
FROM v_line_items AS li
JOIN documents AS d USING (document_id)
WHERE li.table_key = 'expenditure'
  AND li.row_code IS NOT NULL
  AND li.verification <> 'unverified'
GROUP BY d.document_id, d.department, d.region, d.fiscal_year, d.doc_kind, li.row_code;

COMMENT ON VIEW v_expenditure_by_function IS 'Document x functional code: total, basic and project expenditure in yuan, from the expenditure table of each loaded document that is not unverified (no material failure: see v_documents).';
