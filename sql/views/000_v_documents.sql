-- Every document of the raw folder (retired ones left out) with its verification: whether
-- the rulebook found figures that cannot be trusted. Views over the figures use it to leave
-- unverified documents out. source_url and published_on are those sources.csv gives its
-- file (the first by name of a document several files hold).
CREATE OR REPLACE VIEW v_documents AS
WITH failed AS (
    SELECT
        document_id,
        count(*) FILTER (WHERE severity = 'error') AS failed_errors,
        count(*) FILTER (WHERE severity = 'error' AND coalesce(material, true))
            AS material_errors,
        count(*) FILTER (WHERE severity = 'warning') AS failed_warnings
    FROM check_results
    WHERE NOT passed
    GROUP BY document_id
),
first_source AS (
    SELECT document_id, source_url, published_on
    FROM document_sources
    QUALIFY row_number() OVER (PARTITION BY document_id ORDER BY source_file) = 1
)
SELECT
    d.*,
    coalesce(f.failed_errors, 0) AS failed_errors,
    coalesce(f.material_errors, 0) AS material_errors,
    coalesce(f.failed_warnings, 0) AS failed_warnings,
    CASE
        WHEN d.status <> 'loaded' THEN NULL
        WHEN coalesce(f.material_errors, 0) > 0 THEN 'unverified'
        WHEN coalesce(f.failed_errors, 0) + coalesce(f.failed_warnings, 0) > 0
            THEN 'verified_with_warnings'
        ELSE 'verified'
    END AS verification,
    s.source_url,
    s.published_on
FROM documents AS d
LEFT JOIN failed AS f USING (document_id)
LEFT JOIN first_source AS s USING (document_id)
WHERE d.status <> 'retired';

COMMENT ON VIEW v_documents IS 'documents of the raw folder (retired ones left out; superseded ones in, with status superseded and superseded_by) with the outcome of their checks: verification is unverified (a material failure: its identity contradicted, a table its template requires missing, or a total off by more than the rounding, the rulebook''s [materiality] share and amount; its figures cannot be trusted and the analysts'' views leave it out), verified_with_warnings (findings that do not make the figures untrustworthy: a slip within the materiality bound, the narrative disagreeing with a table…), verified, or NULL when not loaded; failed_errors, material_errors and failed_warnings count the failed checks (SELECT * FROM check_results WHERE NOT passed); source_url and published_on come from sources.csv (document_sources, the first file by name of a document held by several).';
