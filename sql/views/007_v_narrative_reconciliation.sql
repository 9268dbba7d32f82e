-- Every narrative figure that restates a table figure, beside that figure: within its own
-- document, or across the files of its publication.
--
-- A document printing its tables is reconciled when it is normalised
-- (pipelines/normalise/narrative_links.py: narrative_figures.table_amount_yuan and agrees). The
-- narrative half of a publication split in two prints no tables: normalisation records
-- which table figure each of its figures restates (table_key, table_row, table_column, from
-- pipelines/catalog/narrative.toml) and leaves the amount empty; here it is looked for in
-- the other loaded files of the same publication, whatever order they were loaded in.
-- A figure is compared only where the other files print exactly one amount for it.
--
-- Rows are matched as in pipelines/normalise/narrative_links.py: table_row is the line item's
-- row_code, its row_label without whitespace and leading ordinal (一、 （二） 3.), or
-- row_group/label for a table of sections (政府采购/合计). agrees as there too: equal, or
-- the table amount rounded half up to the precision the narrative printed (0.01, 0.1 or
-- 1 万元; a narrative zero only to 0.01 万元).
CREATE OR REPLACE VIEW v_narrative_reconciliation AS
WITH narrative AS (
    SELECT
        row_number() OVER () AS figure_no,
        nf.*,
        d.publication_id
    FROM narrative_figures AS nf
    JOIN documents AS d USING (document_id)
    WHERE d.status = 'loaded' AND nf.table_key IS NOT NULL
),
labelled AS (
    SELECT
        li.*,
        d.publication_id,
        regexp_replace(
            translate(regexp_replace(li.row_label, '\s+', '', 'g'), '():,;', '（）：，；'),
            '^(?:[一二三四五六七八九十百零]+[、.．]|[（(](?:[一二三四五六七八九十]+|[0-9]{1,2})[）)]|[0-9]{1,2}[、.．])+',
            ''
        ) AS row_name
    FROM line_items AS li
    JOIN v_documents AS d USING (document_id)
    -- another file's tables count only if they are trusted (not an altered copy's)
    WHERE d.status = 'loaded' AND d.publication_id IS NOT NULL
      AND d.verification <> 'unverified'
),
elsewhere AS (
    SELECT
        n.figure_no,
        count(DISTINCT l.amount_yuan) AS amounts,
        min(l.amount_yuan) AS table_amount_yuan,
        min(l.document_id) AS table_document_id,
        min(l.page) AS table_page
    FROM narrative AS n
    JOIN labelled AS l
        ON l.publication_id = n.publication_id
       AND l.document_id <> n.document_id
       AND l.table_key = n.table_key
       AND l.column_key = n.table_column
       AND n.table_row IN (l.row_code, l.row_name, l.row_group || '/' || l.row_name)
    WHERE n.table_amount_yuan IS NULL
    GROUP BY n.figure_no
),
paired AS (
    SELECT
        n.*,
        'document' AS found_in,
        n.document_id AS table_document_id,
        n.table_amount_yuan AS compared_yuan
    FROM narrative AS n
    WHERE n.table_amount_yuan IS NOT NULL
    UNION ALL
    SELECT
        n.*,
        'publication' AS found_in,
        e.table_document_id,
        e.table_amount_yuan AS compared_yuan
    FROM narrative AS n
    JOIN elsewhere AS e USING (figure_no)
    WHERE e.amounts = 1
)
SELECT
    publication_id,
    document_id,
    section,
    metric,
    row_code,
    fiscal_year,
    amount_yuan,
    ratio,
    sentence,
    page,
    source_line,
    found_in,
    table_document_id,
    table_key,
    table_row,
    table_column,
    compared_yuan AS table_amount_yuan,
    CASE
        WHEN amount_yuan = compared_yuan THEN true
        WHEN amount_yuan = 0 THEN round(compared_yuan, -2) = 0
        ELSE (amount_yuan % 100 = 0 AND round(compared_yuan, -2) = amount_yuan)
            OR (amount_yuan % 1000 = 0 AND round(compared_yuan, -3) = amount_yuan)
            OR (amount_yuan % 10000 = 0 AND round(compared_yuan, -4) = amount_yuan)
    END AS agrees
FROM paired;

COMMENT ON VIEW v_narrative_reconciliation IS 'Narrative figures beside the table figures they restate: found_in = document (the figure''s own tables, as in narrative_figures) or publication (the narrative half of a split publication, compared with the publication''s other loaded files). agrees = false is a disagreement of the publication with itself, reported, not resolved.';
