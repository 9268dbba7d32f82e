-- Where do the sources disagree with themselves? (passed = false)
SELECT d.source_file, c.rule, c.severity, c.table_key, c."row", c.page,
       c.expected, c.actual, c.difference, c.message
FROM check_results AS c
JOIN documents AS d USING (document_id)
WHERE NOT c.passed
ORDER BY d.source_file, c.severity, c.rule;
