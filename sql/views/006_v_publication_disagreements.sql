-- Where two files of one publication print the same table differently: a figure in one and
-- not the other, or two different amounts. Reported, never resolved. A row label a table
-- prints twice (一、一般公共预算财政拨款 on the income side and again under 年末结转和结余)
-- is paired by its occurrence, first with first.
CREATE OR REPLACE VIEW v_publication_disagreements AS
WITH facts AS (
    SELECT
        d.publication_id,
        li.document_id,
        li.table_key,
        coalesce(li.row_code, li.row_label) AS row_key,
        li.column_key,
        row_number() OVER (
            PARTITION BY li.document_id, li.table_key, row_key, li.column_key
            ORDER BY li.page NULLS FIRST, li.row_no
        ) AS occurrence,
        li.amount_yuan
    FROM line_items AS li
    JOIN documents AS d USING (document_id)
    WHERE d.status = 'loaded' AND d.publication_id IS NOT NULL
),
printed AS (
    SELECT DISTINCT publication_id, document_id, table_key FROM facts
),
pairs AS (
    SELECT x.publication_id, x.table_key, x.document_id AS document_a, y.document_id AS document_b
    FROM printed AS x
    JOIN printed AS y
        ON x.publication_id = y.publication_id
       AND x.table_key = y.table_key
       AND x.document_id < y.document_id
),
side_a AS (
    SELECT p.*, f.row_key, f.column_key, f.occurrence, f.amount_yuan
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.document_a AND f.table_key = p.table_key
),
side_b AS (
    SELECT p.*, f.row_key, f.column_key, f.occurrence, f.amount_yuan
    FROM pairs AS p
    JOIN facts AS f ON f.document_id = p.document_b AND f.table_key = p.table_key
)
SELECT
    coalesce(a.publication_id, b.publication_id) AS publication_id,
    coalesce(a.table_key, b.table_key) AS table_key,
    coalesce(a.row_key, b.row_key) AS row_key,
    coalesce(a.column_key, b.column_key) AS column_key,
    coalesce(a.document_a, b.document_a) AS document_a,
    a.amount_yuan AS amount_a_yuan,
    coalesce(a.document_b, b.document_b) AS document_b,
    b.amount_yuan AS amount_b_yuan,
    CAST(b.amount_yuan - a.amount_yuan AS DECIMAL(18, 2)) AS difference_yuan
FROM side_a AS a
FULL JOIN side_b AS b
    ON a.document_a = b.document_a
   AND a.document_b = b.document_b
   AND a.table_key = b.table_key
   AND a.row_key = b.row_key
   AND a.column_key = b.column_key
   AND a.occurrence = b.occurrence
WHERE a.amount_yuan IS DISTINCT FROM b.amount_yuan;

COMMENT ON VIEW v_publication_disagreements IS 'Figures that two files of the same publication print differently (or that one prints and the other does not), table by table: amount_a_yuan from document_a, amount_b_yuan from document_b.';
