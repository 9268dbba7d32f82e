-- line_item_quantities: printed counts that are not money (vehicles, equipment).
CREATE TABLE IF NOT EXISTS line_item_quantities (
    document_id VARCHAR NOT NULL,
    table_key   VARCHAR NOT NULL,
    row_code    VARCHAR,
    row_label   VARCHAR NOT NULL,
    column_key  VARCHAR NOT NULL,
    quantity    DECIMAL(18, 2) NOT NULL,
    unit        VARCHAR NOT NULL,
    page        INTEGER,
    row_group   VARCHAR,
    row_no      INTEGER NOT NULL,
    source_line INTEGER
);

COMMENT ON TABLE line_item_quantities IS 'Counts printed in the standard tables (e.g. 车辆数 in the statistics table): same grain and provenance as line_items, but a quantity and its unit instead of yuan.';
COMMENT ON COLUMN line_item_quantities.document_id IS 'The document the count was read from.';
COMMENT ON COLUMN line_item_quantities.table_key IS 'Which standard table (statistics for the counts seen so far).';
COMMENT ON COLUMN line_item_quantities.row_code IS 'Classification code of the row, NULL where the row has none.';
COMMENT ON COLUMN line_item_quantities.row_label IS 'The row''s printed label, whitespace and markup removed.';
COMMENT ON COLUMN line_item_quantities.column_key IS 'count';
COMMENT ON COLUMN line_item_quantities.quantity IS 'The printed count.';
COMMENT ON COLUMN line_item_quantities.unit IS 'What is counted in: 辆 (vehicles), 台（套） (equipment), …';
COMMENT ON COLUMN line_item_quantities.page IS '1-based page of the source; NULL for text sources.';
COMMENT ON COLUMN line_item_quantities.row_group IS 'The section of the table the row is in (国有资产占用情况, …).';
COMMENT ON COLUMN line_item_quantities.row_no IS '1-based position of the row in the printed table.';
COMMENT ON COLUMN line_item_quantities.source_line IS '1-based line of a text source; NULL for PDFs.';
