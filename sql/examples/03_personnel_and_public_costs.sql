-- 人员经费 and 公用经费 of the general-public-budget basic expenditure, per document.
SELECT d.department, d.fiscal_year, li.row_label, li.amount_yuan
FROM v_line_items AS li  -- loaded documents, a publication in two forms counted once
JOIN documents AS d USING (document_id)
WHERE li.table_key = 'gpb_basic_expenditure' AND li.row_code IS NULL
ORDER BY d.department, d.fiscal_year, li.row_label;
