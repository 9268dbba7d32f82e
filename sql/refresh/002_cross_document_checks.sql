-- The rules that compare documents with each other (pipelines/catalog/rules.toml [[check]]
-- of kinds narrative_publication and carryover).
-- Run inside each load transaction, after the document's rows were replaced: the results
-- are re-derived for every document, so they follow whatever was loaded, in any order.

-- narrative_agrees_with_publication: a narrative figure its own document prints no table
-- for (the narrative half of a split publication), against the publication's other files
-- (v_narrative_reconciliation)
DELETE FROM check_results WHERE rule = 'narrative_agrees_with_publication';
INSERT INTO check_results BY NAME
SELECT
    r.document_id,
    'narrative_agrees_with_publication' AS rule,
    CASE WHEN r.agrees AND r.amount_yuan <> r.table_amount_yuan THEN 'info' ELSE 'warning' END
        AS severity,
    r.agrees AS passed,
    r.table_amount_yuan AS expected,
    r.amount_yuan AS actual,
    r.amount_yuan - r.table_amount_yuan AS difference,
    r.table_key,
    r.metric AS "row",
    r.page,
    'the narrative''s ' || r.metric || ' ' || printf('%,.2f', r.amount_yuan / 10000) || '万元 '
        || CASE WHEN r.agrees THEN 'agrees with ' ELSE 'disagrees with ' END
        || r.table_key || ' ' || r.table_row || ' [' || r.table_column || '] '
        || printf('%,.2f', r.table_amount_yuan / 10000) || '万元 in '
        || (SELECT source_file FROM documents WHERE document_id = r.table_document_id)
        || ' (the publication''s tables)' AS message
FROM v_narrative_reconciliation AS r
WHERE r.found_in = 'publication';

-- carryover_matches_prior_year: this year's 年初结转和结余 (summary, income side) against
-- last year's 年末结转和结余 (expenditure side) of the same department's final accounts;
-- a row the summary does not print is 0; tolerance 100 yuan (0.01万元). Last year's
-- publication counts once: the file v_line_items would take (a verified one first; the
-- rows deleted above are warnings, which never make a document unverified).
DELETE FROM check_results WHERE rule = 'carryover_matches_prior_year';
INSERT INTO check_results BY NAME
WITH summaries AS (
    SELECT d.document_id, d.department, d.fiscal_year, t.first_page, d.source_file
    FROM documents AS d
    JOIN document_tables AS t USING (document_id)
    WHERE d.status = 'loaded' AND d.doc_kind = 'final_accounts'
      AND t.table_key = 'summary' AND t.status = 'present'
),
balances AS (
    SELECT
        s.*,
        (SELECT sum(li.amount_yuan) FROM line_items AS li
         WHERE li.document_id = s.document_id AND li.table_key = 'summary'
           AND li.column_key = 'income'
           AND regexp_replace(li.row_label, '^[一二三四五六七八九十]+、|\s', '', 'g') = '年初结转和结余'
        ) AS opening,
        (SELECT sum(li.amount_yuan) FROM line_items AS li
         WHERE li.document_id = s.document_id AND li.table_key = 'summary'
           AND li.column_key = 'expenditure'
           AND regexp_replace(li.row_label, '^[一二三四五六七八九十]+、|\s', '', 'g') = '年末结转和结余'
        ) AS closing
    FROM summaries AS s
),
prior AS (
    SELECT b.*
    FROM balances AS b
    JOIN v_documents AS d USING (document_id)
    QUALIFY row_number() OVER (
        PARTITION BY b.department, b.fiscal_year
        ORDER BY d.verification = 'unverified', b.source_file
    ) = 1
)
SELECT
    cur.document_id,
    'carryover_matches_prior_year' AS rule,
    CASE
        WHEN abs(coalesce(cur.opening, 0) - coalesce(prev.closing, 0)) <= 100
            THEN CASE WHEN coalesce(cur.opening, 0) = coalesce(prev.closing, 0)
                      THEN 'warning' ELSE 'info' END
        ELSE 'warning'
    END AS severity,
    abs(coalesce(cur.opening, 0) - coalesce(prev.closing, 0)) <= 100 AS passed,
    CAST(coalesce(prev.closing, 0) AS DECIMAL(18, 2)) AS expected,
    CAST(coalesce(cur.opening, 0) AS DECIMAL(18, 2)) AS actual,
    CAST(coalesce(cur.opening, 0) - coalesce(prev.closing, 0) AS DECIMAL(18, 2)) AS difference,
    'summary' AS table_key,
    '年初结转和结余' AS "row",
    cur.first_page AS page,
    cur.fiscal_year || '年初结转和结余 ' || printf('%,.2f', coalesce(cur.opening, 0))
        || ' yuan against ' || prev.fiscal_year || '年末结转和结余 '
        || printf('%,.2f', coalesce(prev.closing, 0)) || ' yuan in ' || prev.source_file
        AS message
FROM balances AS cur
JOIN prior AS prev
    ON prev.department = cur.department AND prev.fiscal_year = cur.fiscal_year - 1
WHERE cur.opening IS NOT NULL OR prev.closing IS NOT NULL;

-- code_named_as_elsewhere: a functional 项 (7 digits) a document prints with a name other
-- than the one name every other department's publication of that year prints for it, where
-- two departments or more print it (the national list is typed for 类 and 款 only: the 项
-- are learned from what the loaded documents agree on). Names are compared with their
-- brackets made full-width (行政运行（项）, (项)).
DELETE FROM check_results WHERE rule = 'code_named_as_elsewhere';
INSERT INTO check_results BY NAME
WITH printed AS (
    SELECT
        li.document_id,
        d.department,
        d.fiscal_year,
        li.row_code AS code,
        replace(replace(li.row_label, '(', '（'), ')', '）') AS name,
        min(li.table_key) AS table_key,
        min(li.page) AS page
    FROM line_items AS li
    JOIN documents AS d USING (document_id)
    WHERE d.status = 'loaded'
      AND li.table_key IN (
          'income', 'expenditure', 'gpb_expenditure', 'gov_fund', 'state_capital',
          'appropriation_expenditure'
      )
      AND length(li.row_code) = 7
      AND li.row_label <> ''
    GROUP BY ALL
),
elsewhere AS (
    SELECT
        p.document_id,
        p.code,
        p.name,
        p.table_key,
        p.page,
        p.fiscal_year,
        count(DISTINCT o.department) AS departments,
        count(DISTINCT o.name) AS names,
        min(o.name) AS their_name
    FROM printed AS p
    JOIN printed AS o
        ON o.code = p.code AND o.fiscal_year = p.fiscal_year AND o.department <> p.department
    GROUP BY ALL
)
SELECT
    document_id,
    'code_named_as_elsewhere' AS rule,
    'warning' AS severity,
    name = their_name AS passed,
    table_key,
    code AS "row",
    page,
    table_key || ' prints 项 ' || code || ' as ' || name || '; the publications of '
        || departments || ' other departments of ' || fiscal_year || ' print it as '
        || their_name AS message
FROM elsewhere
WHERE names = 1 AND departments >= 2;
