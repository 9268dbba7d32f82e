-- The figures analysts count: loaded documents only, and one document per publication and
-- table. A publication can arrive as several files (a PDF and its text form; a narrative
-- half and a tables half): for each standard table, a verified file before an unverified
-- one, then the file printing the most figures of it (ties: the first file by name).
-- Disagreements between the forms are in v_publication_disagreements, not resolved here.
-- Unverified documents stay in this view (see `verification`); the views built on it
-- leave them out.
CREATE OR REPLACE VIEW v_line_items AS
WITH per_table AS (
    SELECT
        li.document_id,
        coalesce(d.publication_id, d.document_id) AS publication_key,
        li.table_key,
        count(*) AS figures,
        d.source_file,
        d.verification
    FROM line_items AS li
    JOIN v_documents AS d USING (document_id)
    WHERE d.status = 'loaded'
    GROUP BY li.document_id, publication_key, li.table_key, d.source_file, d.verification
),
chosen AS (
    SELECT document_id, table_key
    FROM per_table
    QUALIFY row_number() OVER (
        PARTITION BY publication_key, table_key
        ORDER BY verification = 'unverified', figures DESC, source_file
    ) = 1
)
SELECT
    li.*,
    d.publication_id,
    d.verification,
    -- the catalog's label beside the printed one: a coded row's name for the year, an
    -- uncoded row's label from tables.toml [row_labels] (row_labels)
    coalesce(
        CASE WHEN li.table_key IN ('gpb_basic_expenditure', 'appropriation_basic_expenditure',
                                   'statistics')
             THEN ec.name ELSE fc.name END,
        rl.row_label_canonical,
        li.row_label
    ) AS row_label_canonical
FROM line_items AS li
JOIN chosen USING (document_id, table_key)
JOIN v_documents AS d USING (document_id)
LEFT JOIN row_labels AS rl ON li.row_code IS NULL AND rl.row_label = li.row_label
LEFT JOIN functional_codes AS fc ON fc.fiscal_year = d.fiscal_year AND fc.code = li.row_code
LEFT JOIN economic_codes AS ec ON ec.fiscal_year = d.fiscal_year AND ec.code = li.row_code;

COMMENT ON VIEW v_line_items IS 'line_items of loaded documents, each publication''s table counted once (a verified file first, then the file printing most of its figures); verification is the document''s (see v_documents); row_label_canonical the catalog''s label beside the printed row_label (a coded row''s name for the year, an uncoded row''s from pipelines/catalog/tables.toml [row_labels]: 一、财政拨款 -> 财政拨款收入, 收入总计 -> 总计), so that a GROUP BY on labels does not split one item. The base of the other views, which leave unverified documents out.';
