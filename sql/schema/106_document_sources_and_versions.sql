-- Migration (v2.2): documents by source, versions by content; the nightly ingest's history.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS pipeline_version VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS retired_at TIMESTAMP;

COMMENT ON COLUMN documents.pipeline_version IS 'The code and catalog the document was read and checked with: <reader>/<checker>, hashes of the reader''s code with the catalog it reads, and of the normalising and checking code with the rulebook (pipelines/versions.py). A new reader or catalog re-reads a document at the next ingest; a new rulebook re-checks it from what was read.';
COMMENT ON COLUMN documents.retired_at IS 'When the document left the raw folder (UTC): its file was removed, or now holds other bytes; NULL while it is current.';

-- document_sources: the raw folder's files, each the source of one document. Two files with
-- the same bytes are one document with two sources.
CREATE TABLE IF NOT EXISTS document_sources (
    source_file  VARCHAR PRIMARY KEY,
    document_id  VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL,
    size_bytes   BIGINT NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    source_url   VARCHAR,
    published_on DATE
);

COMMENT ON TABLE document_sources IS 'One row per file of the raw folder as last ingested: which document its bytes are. Several files with identical bytes share one document; a removed file''s row goes, and a document left with no source becomes retired.';
COMMENT ON COLUMN document_sources.source_file IS 'The file''s path relative to the raw folder, as a person reads it (a symbolic link by its own name; a GBK file name decoded).';
COMMENT ON COLUMN document_sources.document_id IS 'The document its bytes are (documents.document_id).';
COMMENT ON COLUMN document_sources.sha256 IS 'sha256 of the file''s bytes (hex).';
COMMENT ON COLUMN document_sources.size_bytes IS 'The file''s size in bytes.';
COMMENT ON COLUMN document_sources.first_seen_at IS 'When an ingest first found these bytes under this name (UTC).';
COMMENT ON COLUMN document_sources.source_url IS 'Where the file was downloaded from, from sources.csv beside the files; NULL when not given.';
COMMENT ON COLUMN document_sources.published_on IS 'The publication date sources.csv gives for the file; NULL when not given.';

-- ingest_runs: every ingest, however launched, with what it did; failed runs too.
CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id       VARCHAR PRIMARY KEY,
    launched_by  VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    outcome      VARCHAR NOT NULL,
    documents_read INTEGER,
    documents_loaded INTEGER,
    documents_quarantined INTEGER,
    documents_retired INTEGER,
    message      VARCHAR
);

COMMENT ON TABLE ingest_runs IS 'The history of ingests (fiscal ingest, the sensor, the schedule, the UI): one row per Dagster run or CLI ingest, with its outcome; a failed run is recorded by the run-failure sensor.';
COMMENT ON COLUMN ingest_runs.run_id IS 'The Dagster run id (a CLI ingest of several runs: cli-<first run id>).';
COMMENT ON COLUMN ingest_runs.launched_by IS 'cli, sensor, schedule or ui.';
COMMENT ON COLUMN ingest_runs.outcome IS 'success (every document read loaded), partial (some quarantined), failed (the run failed: see message), nothing_to_do.';
COMMENT ON COLUMN ingest_runs.documents_read IS 'Documents read or re-checked by the run.';
COMMENT ON COLUMN ingest_runs.message IS 'What went wrong, for a failed or partial run: the error, or the quarantined files.';
COMMENT ON COLUMN ingest_runs.started_at IS 'When the run or ingest started (UTC).';
COMMENT ON COLUMN ingest_runs.finished_at IS 'When it ended (UTC).';
COMMENT ON COLUMN ingest_runs.documents_loaded IS 'Of those, documents loaded.';
COMMENT ON COLUMN ingest_runs.documents_quarantined IS 'Of those, documents quarantined (or whose run failed).';
COMMENT ON COLUMN ingest_runs.documents_retired IS 'Documents retired: their files gone from the raw folder or replaced.';
