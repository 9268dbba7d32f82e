-- A document that does not state its region (西南大学's 2024 final accounts name only
-- 重庆北碚 and 重庆荣昌, two campuses) takes the region its department's other documents
-- state: the department is the same body, in the same place. documents.region_source
-- then names the document the region was read from (same_department(<source_file>)).
-- Re-derived on every refresh, before the checks that read documents, so it follows
-- whatever files the raw folder holds now.
UPDATE documents
SET region = NULL, region_source = NULL
WHERE region_source LIKE 'same_department(%';

UPDATE documents AS d
SET region = stated.region, region_source = 'same_department(' || stated.source_file || ')'
FROM (
    SELECT department, region, source_file
    FROM (
        SELECT
            department,
            region,
            source_file,
            count(*) OVER (PARTITION BY department, region) AS documents_stating
        FROM documents
        WHERE status = 'loaded' AND region IS NOT NULL AND department IS NOT NULL
    )
    QUALIFY row_number() OVER (
        PARTITION BY department ORDER BY documents_stating DESC, region, source_file
    ) = 1
) AS stated
WHERE d.department = stated.department
  AND d.region IS NULL
  AND d.status = 'loaded'
  -- only a name that names one body in the country: a university or a central body
  -- (西南大学, 教育部), not one many bodies share (第一中学, 人民医院, 区财政局, 本部门)
  AND regexp_matches(d.department, '(大学|学院|学校|部|署|总局|委员会)$')
  AND NOT regexp_matches(d.department, '^(区|县|市|省|州|镇|乡|街道|本|第)');
