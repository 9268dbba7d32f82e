-- 三公 costs: budget against actual, per item.
SELECT d.department, d.fiscal_year, li.row_label AS item,
       max(li.amount_yuan) FILTER (WHERE li.column_key = 'budget') AS budget_yuan,
       max(li.amount_yuan) FILTER (WHERE li.column_key = 'actual') AS actual_yuan
FROM v_line_items AS li  -- loaded documents, a publication in two forms counted once
JOIN documents AS d USING (document_id)
WHERE li.table_key = 'three_public'
GROUP BY ALL
ORDER BY d.department, d.fiscal_year, item;
