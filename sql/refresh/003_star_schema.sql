-- The star schema (sql/schema/108_star_schema.sql), rebuilt from the loaded documents
-- after the code dimensions and the checks: facts from v_line_items (a publication in two
-- forms counted once), dimensions from documents and the printed code lists.

DELETE FROM dim_document;
INSERT INTO dim_document BY NAME
SELECT
    d.document_id, d.source_file, d.department,
    d.parent_department,
    d.region, l.province, l.region_code, l.government_level,
    d.fiscal_year, d.doc_kind, d.scope, d.template, d.part, d.publication_id, d.edition_mark,
    d.verification, d.page_count, d.source_url, d.published_on
FROM v_documents AS d
LEFT JOIN document_locations AS l USING (document_id)
WHERE d.status = 'loaded';

DELETE FROM dim_functional_code;
INSERT INTO dim_functional_code BY NAME
SELECT
    c.fiscal_year, c.code, c.name, c.level, c.parent_code,
    left(c.code, 3) AS class_code,
    CASE WHEN length(c.code) > 3 THEN left(c.code, 5) END AS section_code,
    concat_ws(' > ',
        left(c.code, 3) || coalesce(' ' || k.name, ''),
        CASE WHEN length(c.code) >= 5 THEN left(c.code, 5) || coalesce(' ' || s.name, '') END,
        CASE WHEN length(c.code) = 7 THEN c.code || ' ' || c.name END
    ) AS path
FROM functional_codes AS c
LEFT JOIN functional_codes AS k ON k.fiscal_year = c.fiscal_year AND k.code = left(c.code, 3)
LEFT JOIN functional_codes AS s ON s.fiscal_year = c.fiscal_year AND s.code = left(c.code, 5);

DELETE FROM dim_economic_code;
INSERT INTO dim_economic_code BY NAME
SELECT
    c.fiscal_year, c.code, c.name, c.level, c.parent_code,
    left(c.code, 3) AS class_code,
    concat_ws(' > ',
        left(c.code, 3) || coalesce(' ' || k.name, ''),
        CASE WHEN length(c.code) = 5 THEN c.code || ' ' || c.name END
    ) AS path
FROM economic_codes AS c
LEFT JOIN economic_codes AS k ON k.fiscal_year = c.fiscal_year AND k.code = left(c.code, 3);

-- Expenditure by functional code: which table gives which fund scope, and which table is
-- preferred where two print the same code for the same scope (they agree where the
-- rulebook's identities hold).
DELETE FROM fact_expenditure_by_function;
INSERT INTO fact_expenditure_by_function BY NAME
WITH sources (table_key, column_key, fund_scope, preference) AS (
    VALUES
        ('expenditure', NULL, 'all_funds', 1),
        ('summary', 'expenditure', 'all_funds', 2),
        ('gpb_expenditure', NULL, 'general_public_budget', 1),
        ('appropriation_summary', 'expenditure_gpb', 'general_public_budget', 2),
        ('appropriation_expenditure', NULL, 'fiscal_appropriation', 1),
        ('appropriation_summary', 'expenditure', 'fiscal_appropriation', 2),
        ('gov_fund', NULL, 'government_fund', 1),
        ('appropriation_summary', 'expenditure_gov_fund', 'government_fund', 2),
        ('state_capital', NULL, 'state_capital_fund', 1),
        ('appropriation_summary', 'expenditure_state_capital', 'state_capital_fund', 2)
),
figures AS (
    SELECT
        li.document_id,
        coalesce(li.publication_id, li.document_id) AS publication_key,
        li.table_key,
        li.row_code,
        s.fund_scope,
        s.preference,
        -- a summary line's single figure is its total
        CASE WHEN s.column_key IS NULL THEN li.column_key ELSE 'total' END AS measure,
        li.amount_yuan,
        li.row_label,
        li.page,
        li.row_no
    FROM v_line_items AS li
    JOIN sources AS s
        ON s.table_key = li.table_key
       AND (s.column_key IS NULL OR s.column_key = li.column_key)
    WHERE li.row_code IS NOT NULL
      AND length(li.row_code) IN (3, 5, 7)
      AND (s.column_key IS NULL OR length(li.row_code) = 3)
),
rows AS (
    SELECT
        document_id, publication_key, table_key, row_code, fund_scope, preference,
        any_value(row_label ORDER BY row_no) AS printed_name,
        min(page) AS page,
        min(row_no) AS row_no,
        map_from_entries(list({'k': measure, 'v': amount_yuan} ORDER BY measure)) AS measures
    FROM figures
    GROUP BY ALL
),
best AS (
    SELECT *
    FROM rows
    QUALIFY row_number() OVER (
        PARTITION BY publication_key, row_code, fund_scope ORDER BY preference, document_id
    ) = 1
)
SELECT
    document_id,
    row_code AS subject_code,
    fund_scope,
    table_key AS source_table,
    measures['total'] AS total_yuan,
    measures['basic'] AS basic_yuan,
    measures['project'] AS project_yuan,
    measures['personnel'] AS personnel_yuan,
    measures['public'] AS public_yuan,
    measures['unit_reserve'] AS unit_reserve_yuan,
    measures['remit_to_superior'] AS remit_to_superior_yuan,
    measures['operating'] AS operating_yuan,
    measures['subsidy_to_affiliates'] AS subsidy_to_affiliates_yuan,
    measures['carryover_begin'] AS carryover_begin_yuan,
    measures['income'] AS income_yuan,
    measures['carryover_end'] AS carryover_end_yuan,
    nullif(map_from_entries(list_filter(map_entries(measures), e -> e.key NOT IN (
        'total', 'basic', 'project', 'personnel', 'public', 'unit_reserve',
        'remit_to_superior', 'operating', 'subsidy_to_affiliates', 'carryover_begin',
        'income', 'carryover_end'
    ))), MAP {}) AS other_columns,
    printed_name,
    page,
    row_no
FROM best;

DELETE FROM fact_basic_expenditure_by_economic;
INSERT INTO fact_basic_expenditure_by_economic BY NAME
WITH sources (table_key, fund_scope) AS (
    VALUES
        ('gpb_basic_expenditure', 'general_public_budget'),
        ('appropriation_basic_expenditure', 'fiscal_appropriation')
),
rows AS (
    SELECT
        li.document_id,
        coalesce(li.publication_id, li.document_id) AS publication_key,
        li.table_key,
        s.fund_scope,
        li.row_code,
        min(li.row_group) AS expense_group,
        coalesce(
            sum(li.amount_yuan) FILTER (WHERE li.column_key = 'amount'),
            sum(li.amount_yuan) FILTER (WHERE li.column_key = 'total')
        ) AS amount_yuan,
        sum(li.amount_yuan) FILTER (WHERE li.column_key = 'personnel') AS personnel_yuan,
        sum(li.amount_yuan) FILTER (WHERE li.column_key = 'public') AS public_yuan,
        any_value(li.row_label ORDER BY li.row_no) AS printed_name,
        min(li.page) AS page,
        min(li.row_no) AS row_no
    FROM v_line_items AS li
    JOIN sources AS s USING (table_key)
    WHERE li.row_code IS NOT NULL AND length(li.row_code) IN (3, 5)
    GROUP BY ALL
)
SELECT
    document_id, row_code AS economic_code, fund_scope, table_key AS source_table,
    expense_group,
    CAST(amount_yuan AS DECIMAL(18, 2)) AS amount_yuan,
    CAST(personnel_yuan AS DECIMAL(18, 2)) AS personnel_yuan,
    CAST(public_yuan AS DECIMAL(18, 2)) AS public_yuan,
    printed_name, page, row_no
FROM rows
QUALIFY row_number() OVER (
    PARTITION BY publication_key, row_code, fund_scope ORDER BY document_id
) = 1;

-- Income: a coded table gives code x column; a table by source of funds gives its rows,
-- each named by the catalog (row_labels.income_source), a parent before its 其中 child of
-- the same meaning (一般公共预算资金 before 公共财政拨款（补助）资金).
DELETE FROM fact_income_by_source;
INSERT INTO fact_income_by_source BY NAME
WITH figures AS (
    SELECT
        li.document_id,
        coalesce(li.publication_id, li.document_id) AS publication_key,
        li.row_code AS subject_code,
        CASE WHEN li.column_key = 'amount' THEN rl.income_source ELSE li.column_key END
            AS income_source,
        li.amount_yuan,
        li.row_label AS printed_label,
        li.page,
        li.row_no
    FROM v_line_items AS li
    LEFT JOIN row_labels AS rl ON li.row_code IS NULL AND rl.row_label = li.row_label
    WHERE li.table_key = 'income'
)
SELECT document_id, subject_code, income_source, amount_yuan, printed_label, page, row_no
FROM figures
WHERE income_source IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY publication_key, subject_code, income_source ORDER BY document_id, row_no
) = 1;

DELETE FROM fact_three_public;
INSERT INTO fact_three_public BY NAME
SELECT
    li.document_id,
    li.row_label AS item,
    CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'budget') AS DECIMAL(18, 2))
        AS budget_yuan,
    CAST(sum(li.amount_yuan) FILTER (WHERE li.column_key = 'actual') AS DECIMAL(18, 2))
        AS actual_yuan,
    min(li.page) AS page,
    min(li.row_no) AS row_no
FROM v_line_items AS li
WHERE li.table_key = 'three_public'
GROUP BY li.document_id, li.row_label;
