-- document_tables: which standard tables each document prints, leaves empty, or omits.
CREATE TABLE IF NOT EXISTS document_tables (
    document_id  VARCHAR NOT NULL,
    table_key    VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    title        VARCHAR,
    number       VARCHAR,
    printed_unit VARCHAR,
    first_page   INTEGER,
    figure_count INTEGER
);

COMMENT ON TABLE document_tables IS 'One row per document and standard table: present (figures read), empty (printed without figures, e.g. 本表无数据) or absent (not printed at all).';
COMMENT ON COLUMN document_tables.document_id IS 'The document.';
COMMENT ON COLUMN document_tables.table_key IS 'The standard table.';
COMMENT ON COLUMN document_tables.status IS 'present, empty, continued (a further printing of a table already seen), unread (its title is printed above figures but no ruled grid was found under it: its figures are not loaded, extraction_problems says where) or absent.';
COMMENT ON COLUMN document_tables.title IS 'The title as printed.';
COMMENT ON COLUMN document_tables.number IS 'The printed numbering (公开01表, 表一), NULL when none.';
COMMENT ON COLUMN document_tables.printed_unit IS 'The money unit the table states (万元 or 元).';
COMMENT ON COLUMN document_tables.first_page IS 'Page the table starts on; NULL for text sources.';
COMMENT ON COLUMN document_tables.figure_count IS 'Figures read from the table: money rows in line_items plus counts in line_item_quantities.';
