-- Provenance: the file, table numbering, page (PDF) or line (text) of a figure.
SELECT d.source_file, t.number, t.title, li.page, li.source_line, li.row_no,
       li.row_code, li.row_label, li.column_key, li.amount_yuan, li.printed_unit
FROM line_items AS li
JOIN documents AS d USING (document_id)
JOIN document_tables AS t USING (document_id, table_key)
WHERE li.table_key = 'expenditure' AND li.row_code = '2010302';
