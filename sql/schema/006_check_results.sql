-- check_results: the outcome of every validation rule on every document.
CREATE TABLE IF NOT EXISTS check_results (
    document_id VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    passed      BOOLEAN NOT NULL,
    expected    DECIMAL(18, 2),
    actual      DECIMAL(18, 2),
    difference  DECIMAL(18, 2),
    table_key   VARCHAR,
    "row"       VARCHAR,
    page        INTEGER,
    message     VARCHAR NOT NULL
);

COMMENT ON TABLE check_results IS 'One row per rule and place it was checked (document, table, row): the accounting identities of pipelines/catalog/rules.toml.';
COMMENT ON COLUMN check_results.document_id IS 'The document checked.';
COMMENT ON COLUMN check_results.rule IS 'The rule''s name (see docs/validation.md).';
COMMENT ON COLUMN check_results.severity IS 'error: the figures cannot all be right; warning: the source disagrees with itself outside the tables; info: a difference within rounding (尾数误差).';
COMMENT ON COLUMN check_results.passed IS 'Whether the identity holds within the rule''s tolerance.';
COMMENT ON COLUMN check_results.expected IS 'The value the identity requires, in yuan (e.g. the sum of the parts).';
COMMENT ON COLUMN check_results.actual IS 'The printed value, in yuan (e.g. the total).';
COMMENT ON COLUMN check_results.difference IS 'actual - expected, in yuan.';
COMMENT ON COLUMN check_results.table_key IS 'The table the rule looked at.';
COMMENT ON COLUMN check_results."row" IS 'The row: its code, or its label where it has none.';
COMMENT ON COLUMN check_results.page IS 'Page of the row; NULL for text sources.';
COMMENT ON COLUMN check_results.message IS 'The finding in words, with the figures.';
