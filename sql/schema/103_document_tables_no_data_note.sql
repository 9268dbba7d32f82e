-- Migration (v1.4): whether an empty table says why (本表无数据), for empty_table_explained.
ALTER TABLE document_tables ADD COLUMN IF NOT EXISTS no_data_note BOOLEAN;

COMMENT ON COLUMN document_tables.no_data_note IS 'The table prints a reason for having no figures (本表无数据, 本年度没有…); NULL for absent tables.';
