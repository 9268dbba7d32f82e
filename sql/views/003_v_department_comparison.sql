-- Departments side by side per year and 类: how much, what share of the department's
-- total, and the rank among their peers. Peers are the publications of the same year, kind
-- (预算 / 决算), region, level of government, scope and fund scope: a 部门's consolidated
-- publication and its 单位's own are never summed or ranked together, nor a province's
-- departments with a district's, nor all funds with 一般公共预算 alone.
CREATE OR REPLACE VIEW v_department_comparison AS
WITH classes AS (
    SELECT * FROM v_expenditure_by_function WHERE level = '类' AND total_yuan IS NOT NULL
),
department_totals AS (
    SELECT document_id, fund_scope, CAST(sum(total_yuan) AS DECIMAL(18, 2))
        AS department_total_yuan
    FROM classes
    GROUP BY document_id, fund_scope
)
SELECT
    c.fiscal_year,
    c.doc_kind,
    c.region,
    c.government_level,
    c.scope,
    c.fund_scope,
    c.subject_code,
    c.subject_name,
    c.department,
    c.document_id,
    c.total_yuan,
    t.department_total_yuan,
    CAST(round(c.total_yuan / nullif(t.department_total_yuan, 0), 4) AS DECIMAL(7, 4))
        AS share_of_department,
    rank() OVER (peers ORDER BY c.total_yuan DESC) AS rank_among_departments,
    count(*) OVER peers AS departments
FROM classes AS c
JOIN department_totals AS t USING (document_id, fund_scope)
WINDOW peers AS (
    PARTITION BY c.fiscal_year, c.doc_kind, c.region, c.government_level, c.scope,
                 c.fund_scope, c.subject_code
);

COMMENT ON VIEW v_department_comparison IS 'Year x 类 x department: total_yuan, its share of the department''s total expenditure of the same fund_scope (0-1), and its rank among the departments of the same fiscal_year, doc_kind, region, government_level, scope (部门 / 单位, never mixed) and fund_scope.';
