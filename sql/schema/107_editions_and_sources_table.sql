-- Migration (v2.3): editions of one publication, and sources.csv.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS edition_mark VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;

COMMENT ON COLUMN documents.status IS 'loaded: its figures are in line_items and the views; quarantined: none are, see status_reason; superseded: a newer edition of its publication is loaded (superseded_by), its figures stay in line_items but leave the views, and it is loaded again when that edition goes; retired: its file left the raw folder, its figures are gone.';
COMMENT ON COLUMN documents.status_reason IS 'NULL when loaded; why the document was quarantined, superseded or retired, in a sentence a person understands.';
COMMENT ON COLUMN documents.edition_mark IS 'The word marking the document a corrected edition of its publication (更正, 勘误, 修订, 修正, 更新…: pipelines/catalog/editions.toml), found on its cover, a running header, a table''s printed title or its file name; NULL when none is. A marked edition is newer than an unmarked one of the same publication and part.';
COMMENT ON COLUMN documents.superseded_by IS 'For a superseded document: the document_id of the newer edition of the same publication and part that replaces it (marked as a correction where it is not, else published later: document_sources.published_on). NULL otherwise. Re-derived after every batch of loads (sql/refresh/000_editions.sql).';

-- sources_csv: the raw folder's sources.csv as last read; document_sources takes its
-- source_url and published_on from it, also for files first loaded after it was read.
CREATE TABLE IF NOT EXISTS sources_csv (
    source_file  VARCHAR PRIMARY KEY,
    source_url   VARCHAR,
    published_on DATE
);

COMMENT ON TABLE sources_csv IS 'The rows of the raw folder''s sources.csv as last read by the ingest (pipelines/documents/sources_table.py): one per file it describes. document_sources.source_url and published_on are copied from it, for the files present now and those loaded later.';
COMMENT ON COLUMN sources_csv.source_file IS 'The file''s path relative to the raw folder, as sources.csv names it (its file column).';
COMMENT ON COLUMN sources_csv.source_url IS 'Where the file was downloaded from (the source_url column); NULL when the row gives none.';
COMMENT ON COLUMN sources_csv.published_on IS 'The date the file was published (the published_on column, YYYY-MM-DD); NULL when the row gives none or not a date.';
