-- line_items: every printed money figure of every standard table, one row each.
CREATE TABLE IF NOT EXISTS line_items (
    document_id  VARCHAR NOT NULL,
    table_key    VARCHAR NOT NULL,
    row_code     VARCHAR,
    row_label    VARCHAR NOT NULL,
    column_key   VARCHAR NOT NULL,
    amount_yuan  DECIMAL(18, 2) NOT NULL,
    page         INTEGER,
    row_group    VARCHAR,
    row_no       INTEGER NOT NULL,
    source_line  INTEGER,
    printed_unit VARCHAR NOT NULL
);

COMMENT ON TABLE line_items IS 'Every money figure printed in a standard table, one row each, in yuan. An empty printed cell is no row; a printed 0 is a row with 0.';
COMMENT ON COLUMN line_items.document_id IS 'The document the figure was read from (documents.document_id).';
COMMENT ON COLUMN line_items.table_key IS 'Which standard table: summary, income, expenditure, appropriation_summary, gpb_expenditure, gpb_basic_expenditure, gov_fund, state_capital, three_public, statistics.';
COMMENT ON COLUMN line_items.row_code IS 'Functional (3/5/7 digits) or economic (3/5 digits) classification code of the row; NULL where the row has none (合计, items).';
COMMENT ON COLUMN line_items.row_label IS 'The row''s printed label (科目名称 or item), whitespace and markup removed.';
COMMENT ON COLUMN line_items.column_key IS 'Canonical column name (total, basic, project, income, expenditure, amount, budget, actual, …; see docs/warehouse.md).';
COMMENT ON COLUMN line_items.amount_yuan IS 'The figure in yuan, converted exactly from the printed unit (万元 x 10000).';
COMMENT ON COLUMN line_items.page IS '1-based page of the source the figure was read from; NULL for text sources.';
COMMENT ON COLUMN line_items.row_group IS 'The printed group a row belongs to where the table has groups: 人员经费 / 公用经费 (basic expenditure), the statistics table''s sections.';
COMMENT ON COLUMN line_items.row_no IS '1-based position of the row in the printed table, header rows included.';
COMMENT ON COLUMN line_items.source_line IS '1-based line of a text source the figure was read from; NULL for PDFs.';
COMMENT ON COLUMN line_items.printed_unit IS 'The unit the table printed the figure in: 万元 or 元.';
