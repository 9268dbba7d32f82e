-- extraction_problems: what the reader saw but could not place.
CREATE TABLE IF NOT EXISTS extraction_problems (
    document_id VARCHAR NOT NULL,
    table_key   VARCHAR,
    row_no      INTEGER,
    message     VARCHAR NOT NULL
);

COMMENT ON TABLE extraction_problems IS 'Cells the extraction could not place (a number under an unknown column label, text where a number belongs, a table without a unit). Nothing is dropped silently: each such cell is a row here.';
COMMENT ON COLUMN extraction_problems.document_id IS 'The document.';
COMMENT ON COLUMN extraction_problems.table_key IS 'The standard table, NULL for the document as a whole.';
COMMENT ON COLUMN extraction_problems.row_no IS '1-based row of the printed table, when the problem is on one row.';
COMMENT ON COLUMN extraction_problems.message IS 'What is wrong, in words.';
