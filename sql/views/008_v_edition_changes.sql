-- What a newer edition of a publication changed: every figure a superseded document and
-- the edition superseding it (documents.superseded_by, sql/refresh/000_editions.sql) print
-- differently, or that one of them prints and the other not. A row is the same row in
-- both when it is of the same table and group with the same code (its label where it has
-- none); a row a table prints twice is paired by its occurrence, first with first (as in
-- v_publication_disagreements).
CREATE OR REPLACE VIEW v_edition_changes AS
WITH pairs AS (
    SELECT
        old.document_id AS old_document_id,
        old.source_file AS old_source_file,
        new.document_id AS new_document_id,
        new.source_file AS new_source_file,
        new.publication_id,
        new.department,
        new.region,
        new.fiscal_year,
        new.doc_kind,
        new.scope,
        new.part
    FROM documents AS old
    JOIN documents AS new ON new.document_id = old.superseded_by
    WHERE old.status = 'superseded' AND new.status = 'loaded'
),
facts AS (
    SELECT
        li.document_id,
        li.table_key,
        coalesce(li.row_group, '') AS group_key,
        coalesce(li.row_code, li.row_label) AS row_key,
        li.column_key,
        row_number() OVER (
            PARTITION BY li.document_id, li.table_key, group_key, row_key, li.column_key
            ORDER BY li.page NULLS FIRST, li.row_no
        ) AS occurrence,
        li.row_code,
        li.row_label,
        li.row_group,
        li.amount_yuan,
        li.page,
        li.source_line
    FROM line_items AS li
    WHERE li.document_id IN (SELECT old_document_id FROM pairs)
       OR li.document_id IN (SELECT new_document_id FROM pairs)
),
old_side AS (
    SELECT p.*, f.*
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.old_document_id
),
new_side AS (
    SELECT p.*, f.*
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.new_document_id
)
SELECT
    coalesce(n.publication_id, o.publication_id) AS publication_id,
    coalesce(n.department, o.department) AS department,
    coalesce(n.region, o.region) AS region,
    coalesce(n.fiscal_year, o.fiscal_year) AS fiscal_year,
    coalesce(n.doc_kind, o.doc_kind) AS doc_kind,
    coalesce(n.scope, o.scope) AS scope,
    coalesce(n.part, o.part) AS part,
    coalesce(n.table_key, o.table_key) AS table_key,
    coalesce(n.row_code, o.row_code) AS row_code,
    coalesce(n.row_label, o.row_label) AS row_label,
    coalesce(n.row_group, o.row_group) AS row_group,
    coalesce(n.column_key, o.column_key) AS column_key,
    CASE
        WHEN o.amount_yuan IS NULL THEN 'added'
        WHEN n.amount_yuan IS NULL THEN 'removed'
        ELSE 'changed'
    END AS change,
    o.amount_yuan AS old_amount_yuan,
    n.amount_yuan AS new_amount_yuan,
    CAST(n.amount_yuan - o.amount_yuan AS DECIMAL(18, 2)) AS difference_yuan,
    coalesce(o.old_document_id, n.old_document_id) AS old_document_id,
    coalesce(o.old_source_file, n.old_source_file) AS old_source_file,
    coalesce(n.new_document_id, o.new_document_id) AS new_document_id,
    coalesce(n.new_source_file, o.new_source_file) AS new_source_file,
    o.page AS old_page,
    o.source_line AS old_source_line,
    n.page AS new_page,
    n.source_line AS new_source_line
FROM old_side AS o
FULL JOIN new_side AS n
    ON o.old_document_id = n.old_document_id
   AND o.table_key = n.table_key
   AND o.group_key = n.group_key
   AND o.row_key = n.row_key
   AND o.column_key = n.column_key
   AND o.occurrence = n.occurrence
WHERE o.amount_yuan IS DISTINCT FROM n.amount_yuan;

COMMENT ON VIEW v_edition_changes IS 'The figures a newer edition of a publication changed: one row per figure that a superseded document (old_document_id, status superseded) and the edition superseding it (new_document_id, its documents.superseded_by) print differently (change = changed: old_amount_yuan and new_amount_yuan, difference_yuan = new - old) or that only one prints (added: only the new edition; removed: only the old). Rows are matched by table_key, row_group, row_code (row_label where there is none), column_key and occurrence; old_page / old_source_line and new_page / new_source_line say where each was printed.';
