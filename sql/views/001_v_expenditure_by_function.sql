-- Expenditure of each loaded document by functional code (类 / 款 / 项), from the best table
-- that prints the code: the expenditure table (支出决算表 / 部门支出总表: all funds, total =
-- basic + project), else the summary's 类 lines (all funds, total only), else the
-- 一般公共预算 expenditure table, else the 财政拨款 expenditure table. A province whose
-- expenditure table prints totals only (Jiangsu's budgets) is thus in the view too, each
-- figure with its source table and fund scope, so that a comparison never mixes scopes.
-- A publication that arrived as several files is counted once (v_line_items); unverified
-- documents (a material failure: v_documents) are left out.
CREATE OR REPLACE VIEW v_expenditure_by_function AS
WITH sources (table_key, fund_scope, preference) AS (
    VALUES
        ('expenditure', 'all_funds', 1),
        ('summary', 'all_funds', 2),
        ('gpb_expenditure', 'general_public_budget', 3),
        ('appropriation_expenditure', 'fiscal_appropriation', 4)
),
coded AS (
    SELECT
        li.document_id,
        li.table_key,
        s.fund_scope,
        s.preference,
        li.row_code,
        any_value(li.row_label) AS subject_name,
        CAST(sum(li.amount_yuan) FILTER (
            WHERE li.column_key = CASE li.table_key WHEN 'summary' THEN 'expenditure'
                                                    ELSE 'total' END
        ) AS DECIMAL(18, 2)) AS total_yuan,
        CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'basic') AS DECIMAL(18, 2))
            AS basic_yuan,
        CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'project') AS DECIMAL(18, 2))
            AS project_yuan
    FROM v_line_items AS li
    JOIN sources AS s USING (table_key)
    WHERE li.row_code IS NOT NULL
      AND li.verification <> 'unverified'
      AND (li.table_key <> 'summary' OR length(li.row_code) = 3)
    GROUP BY li.document_id, li.table_key, s.fund_scope, s.preference, li.row_code
),
best AS (
    SELECT *
    FROM coded
    QUALIFY row_number() OVER (
        PARTITION BY document_id, row_code ORDER BY preference
    ) = 1
)
SELECT
    d.document_id,
    d.department,
    d.region,
    d.fiscal_year,
    d.doc_kind,
    b.row_code AS subject_code,
    -- the code's name as the year's coded tables print it (a summary prints "一、一般公共服务支出")
    coalesce(fc.name, b.subject_name) AS subject_name,
    CASE length(b.row_code) WHEN 3 THEN '类' WHEN 5 THEN '款' WHEN 7 THEN '项' END AS level,
    b.total_yuan,
    b.basic_yuan,
    b.project_yuan,
    b.table_key AS source_table,
    b.fund_scope
FROM best AS b
JOIN documents AS d USING (document_id)
LEFT JOIN functional_codes AS fc ON fc.fiscal_year = d.fiscal_year AND fc.code = b.row_code;

COMMENT ON VIEW v_expenditure_by_function IS 'Document x functional code: total, basic and project expenditure in yuan, from the best table of the document printing the code (source_table: expenditure, else the summary''s 类 lines, else gpb_expenditure, else appropriation_expenditure) with its fund_scope (all_funds, general_public_budget, fiscal_appropriation); documents that are not unverified (no material failure: see v_documents).';
