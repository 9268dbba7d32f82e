-- narrative_figures: figures the narrative (情况说明) states, and those derived from them.
CREATE TABLE IF NOT EXISTS narrative_figures (
    document_id VARCHAR NOT NULL,
    section     VARCHAR,
    metric      VARCHAR NOT NULL,
    row_code    VARCHAR,
    fiscal_year INTEGER NOT NULL,
    amount_yuan DECIMAL(18, 2),
    ratio       DECIMAL(9, 4),
    derived     BOOLEAN NOT NULL,
    sentence    VARCHAR NOT NULL,
    page        INTEGER,
    source_line INTEGER,
    table_key   VARCHAR,
    table_row   VARCHAR,
    table_column VARCHAR,
    table_amount_yuan DECIMAL(18, 2),
    agrees      BOOLEAN
);
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS row_code VARCHAR;
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS table_key VARCHAR;
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS table_row VARCHAR;
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS table_column VARCHAR;
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS table_amount_yuan DECIMAL(18, 2);
ALTER TABLE narrative_figures ADD COLUMN IF NOT EXISTS agrees BOOLEAN;

COMMENT ON TABLE narrative_figures IS 'Figures stated in the narrative (情况说明): totals, changes on the prior year (metric ending 较上年增减), shares (ratio), execution rates (metric ending 完成率), and the prior year''s figures derived from a stated change (derived = true).';
COMMENT ON COLUMN narrative_figures.document_id IS 'The document the sentence is in.';
COMMENT ON COLUMN narrative_figures.section IS 'The narrative''s heading the sentence is under.';
COMMENT ON COLUMN narrative_figures.metric IS 'What the figure is, from the sentence''s words (generic words such as 支出决算 take the paragraph''s subject: 一般公共服务支出决算).';
COMMENT ON COLUMN narrative_figures.row_code IS 'The 3-digit functional code where the metric names a 类 (一般公共服务支出年初预算 -> 201), else NULL.';
COMMENT ON COLUMN narrative_figures.fiscal_year IS 'The year the figure is for: the document''s, or the prior year for a derived figure.';
COMMENT ON COLUMN narrative_figures.amount_yuan IS 'The amount in yuan (万元 x 10000); for a change, signed (减少 is negative).';
COMMENT ON COLUMN narrative_figures.ratio IS 'A share (占比), a change rate (增长/下降, signed) or an execution rate (完成…预算的), as a ratio.';
COMMENT ON COLUMN narrative_figures.derived IS 'true for a prior-year figure computed from a stated amount and its stated change.';
COMMENT ON COLUMN narrative_figures.sentence IS 'The sentence as printed, whitespace removed.';
COMMENT ON COLUMN narrative_figures.page IS 'Page of the sentence; NULL for text sources.';
COMMENT ON COLUMN narrative_figures.source_line IS 'Line of the sentence in a text source; NULL for PDFs.';
COMMENT ON COLUMN narrative_figures.table_key IS 'The table whose figure this one restates (links in pipelines/catalog/narrative.toml), NULL when none is known.';
COMMENT ON COLUMN narrative_figures.table_row IS 'The row of that table: its code, or its label.';
COMMENT ON COLUMN narrative_figures.table_column IS 'The column_key of that table figure.';
COMMENT ON COLUMN narrative_figures.table_amount_yuan IS 'The table''s figure, in yuan.';
COMMENT ON COLUMN narrative_figures.agrees IS 'Whether the narrative and the table print the same amount; false is a disagreement of the source with itself, recorded, not resolved.';
