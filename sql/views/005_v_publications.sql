-- Publications and the files that form them.
CREATE OR REPLACE VIEW v_publications AS
SELECT
    publication_id,
    min(department) AS department,
    min(region) AS region,
    min(fiscal_year) AS fiscal_year,
    min(doc_kind) AS doc_kind,
    min(scope) AS scope,
    count(*) AS files,
    list(source_file ORDER BY source_file) AS source_files,
    list(part ORDER BY source_file) AS parts
FROM documents
WHERE status = 'loaded' AND publication_id IS NOT NULL
GROUP BY publication_id;

COMMENT ON VIEW v_publications IS 'One row per publication (department x fiscal_year x doc_kind x scope): the loaded files that form it and which part each is (complete, tables, narrative).';
