-- Departments side by side per year and 类: how much, what share of the department's
-- total, and the rank among the departments loaded for that year and kind.
CREATE OR REPLACE VIEW v_department_comparison AS
WITH classes AS (
    SELECT * FROM v_expenditure_by_function WHERE level = '类' AND total_yuan IS NOT NULL
),
department_totals AS (
    SELECT document_id, CAST(sum(total_yuan) AS DECIMAL(18, 2)) AS department_total_yuan
    FROM classes
    GROUP BY document_id
)
SELECT
    c.fiscal_year,
    c.doc_kind,
    c.subject_code,
    c.subject_name,
    c.department,
    c.region,
    c.total_yuan,
    t.department_total_yuan,
    CAST(round(c.total_yuan / nullif(t.department_total_yuan, 0), 4) AS DECIMAL(7, 4))
        AS share_of_department,
    rank() OVER (
        PARTITION BY c.fiscal_year, c.doc_kind, c.subject_code ORDER BY c.total_yuan DESC
    ) AS rank_among_departments,
    count(*) OVER (PARTITION BY c.fiscal_year, c.doc_kind, c.subject_code) AS departments
FROM classes AS c
JOIN department_totals AS t USING (document_id);

COMMENT ON VIEW v_department_comparison IS 'Year x 类 x department: total_yuan, its share of the department''s total expenditure (0-1), and its rank among the departments loaded for the same year and doc_kind.';
