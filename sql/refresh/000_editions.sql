-- Editions of one publication: the newer one is loaded, the older superseded.
--
-- Two documents are editions of each other when they are of the same publication
-- (publication_id: department, fiscal_year, doc_kind, scope) and the same part (complete,
-- tables, narrative), both loaded (a narrative half and a tables half are two parts of
-- one edition, not two editions). Of two editions, the newer is
--   1. the one marked as a correction (documents.edition_mark: 更正, 修订…, from its cover,
--      titles or file name; pipelines/catalog/editions.toml) where the other is not;
--   2. else (both marked, or neither) the one published later (document_sources
--      .published_on of its first file by name, from sources.csv), where both dates are
--      known;
--   3. else neither: both stay loaded, and v_publication_disagreements shows how they
--      differ (a PDF and its text form are two such files).
-- "Newer" is a strict partial order, so every superseded document has a newest edition
-- above it that nothing supersedes: superseded_by names it (marked first, then the
-- latest date, then the first file by name). Its figures stay in line_items (only the
-- views leave it out) and v_edition_changes lists what the newer edition changed.
--
-- Re-derived from scratch on every refresh and whenever a document is retired
-- (pipelines/warehouse/sources.py), before the steps that read loaded documents: a
-- superseded document is loaded again as soon as the edition above it goes.
UPDATE documents
SET status = 'loaded', status_reason = NULL, superseded_by = NULL
WHERE status = 'superseded';

UPDATE documents SET superseded_by = NULL WHERE superseded_by IS NOT NULL;

UPDATE documents AS d
SET status = 'superseded', superseded_by = chosen.newer_id, status_reason = chosen.reason
FROM (
    WITH first_source AS (
        SELECT document_id, published_on
        FROM document_sources
        QUALIFY row_number() OVER (PARTITION BY document_id ORDER BY source_file) = 1
    ),
    editions AS (
        SELECT
            d.document_id,
            d.source_file,
            d.publication_id,
            d.part,
            d.edition_mark,
            s.published_on
        FROM documents AS d
        LEFT JOIN first_source AS s USING (document_id)
        WHERE d.status = 'loaded' AND d.publication_id IS NOT NULL AND d.part IS NOT NULL
    ),
    newer AS (
        SELECT
            old.document_id AS old_id,
            old.edition_mark AS old_mark,
            old.published_on AS old_published_on,
            new.document_id AS newer_id,
            new.source_file AS newer_file,
            new.edition_mark AS newer_mark,
            new.published_on AS newer_published_on
        FROM editions AS old
        JOIN editions AS new
            ON new.publication_id = old.publication_id
           AND new.part = old.part
           AND new.document_id <> old.document_id
        WHERE (new.edition_mark IS NOT NULL AND old.edition_mark IS NULL)
           OR ((new.edition_mark IS NULL) = (old.edition_mark IS NULL)
               AND new.published_on > old.published_on)
    )
    SELECT
        old_id,
        newer_id,
        'a newer edition of its publication is loaded: ' || newer_file || ', '
            || CASE
                WHEN newer_mark IS NOT NULL AND old_mark IS NULL
                    THEN 'marked ' || newer_mark || ' (a corrected edition)'
                ELSE 'published on ' || CAST(newer_published_on AS VARCHAR)
                    || ' (this one on ' || CAST(old_published_on AS VARCHAR) || ')'
            END AS reason
    FROM newer
    -- the newest editions: those no other edition is newer than
    WHERE newer_id NOT IN (SELECT old_id FROM newer)
    QUALIFY row_number() OVER (
        PARTITION BY old_id
        ORDER BY newer_mark IS NULL, newer_published_on DESC NULLS LAST, newer_file
    ) = 1
) AS chosen
WHERE d.document_id = chosen.old_id;
