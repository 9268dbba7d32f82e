-- Which files were not loaded, and why?
SELECT source_file, status_reason, ingested_at
FROM documents
WHERE status = 'quarantined'
ORDER BY source_file;
