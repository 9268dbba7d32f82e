-- documents: one row per source file seen in the raw folder.
CREATE TABLE IF NOT EXISTS documents (
    document_id   VARCHAR PRIMARY KEY,
    source_file   VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    department    VARCHAR,
    region        VARCHAR,
    fiscal_year   INTEGER,
    doc_kind      VARCHAR,
    scope         VARCHAR,
    page_count    INTEGER,
    status        VARCHAR NOT NULL,
    status_reason VARCHAR,
    ingested_at   TIMESTAMP NOT NULL,
    publication_id VARCHAR,
    part          VARCHAR
);

COMMENT ON TABLE documents IS 'One row per source file seen in the raw folder: who published it, for which year, and whether its figures were loaded.';
COMMENT ON COLUMN documents.document_id IS 'Stable id: the first 16 hex digits of the sha256 of the file''s bytes.';
COMMENT ON COLUMN documents.source_file IS 'Path of the file relative to the raw folder.';
COMMENT ON COLUMN documents.sha256 IS 'sha256 of the file''s bytes (hex).';
COMMENT ON COLUMN documents.department IS 'Department or unit name as printed on the document.';
COMMENT ON COLUMN documents.region IS 'Locality the document states (e.g. 孝义市, 上海市普陀区), read from the department''s name; NULL when none.';
COMMENT ON COLUMN documents.fiscal_year IS 'The year the figures are for.';
COMMENT ON COLUMN documents.doc_kind IS 'final_accounts (决算) or budget (预算).';
COMMENT ON COLUMN documents.scope IS 'department (部门) or unit (单位).';
COMMENT ON COLUMN documents.page_count IS 'Pages of a PDF; NULL for text sources.';
COMMENT ON COLUMN documents.status IS 'loaded: its figures are in line_items; quarantined: none are, see status_reason.';
COMMENT ON COLUMN documents.status_reason IS 'NULL when loaded; why the document was quarantined, in a sentence a person understands.';
COMMENT ON COLUMN documents.ingested_at IS 'When the document was last read (UTC).';
