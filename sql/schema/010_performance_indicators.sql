-- performance_indicators: the rows of the 绩效指标 table of each 项目支出绩效自评 report.
CREATE TABLE IF NOT EXISTS performance_indicators (
    document_id       VARCHAR NOT NULL,
    project_name      VARCHAR NOT NULL,
    indicator_no      INTEGER NOT NULL,
    level1            VARCHAR,
    level2            VARCHAR,
    indicator         VARCHAR,
    target_text       VARCHAR,
    target_comparator VARCHAR,
    target_value      DECIMAL(18, 4),
    target_unit       VARCHAR,
    actual_text       VARCHAR,
    actual_value      DECIMAL(18, 4),
    weight            DECIMAL(9, 2),
    score             DECIMAL(9, 2),
    page              INTEGER,
    source_line       INTEGER
);

COMMENT ON TABLE performance_indicators IS 'The performance indicators (绩效指标) of the project self-evaluations (项目支出绩效自评) in project_performance: one row per indicator, values as printed. A report''s weights plus its budget_score should make 100 and its scores plus budget_score its total_score (check_results rules performance_weights_make_100, performance_scores_make_total).';
COMMENT ON COLUMN performance_indicators.document_id IS 'The document the report is in.';
COMMENT ON COLUMN performance_indicators.project_name IS 'The report''s project (project_performance.project_name).';
COMMENT ON COLUMN performance_indicators.indicator_no IS '1-based position of the indicator in its report''s table.';
COMMENT ON COLUMN performance_indicators.level1 IS '一级指标 (产出指标, 效益指标, 满意度指标, 成本指标): printed on the row, else named by its 二级指标 (pipelines/catalog/performance.toml), else read back from pieces of a label split over lines, else carried down from the row above.';
COMMENT ON COLUMN performance_indicators.level2 IS '二级指标 as printed (数量指标, 经济效益 …), a piece cut off at a line break repaired to its name; carried down from the row above within one 一级指标; NULL where none is printed for a 一级指标.';
COMMENT ON COLUMN performance_indicators.indicator IS '指标名称 (三级指标) as printed, whitespace removed; NULL where the table prints none.';
COMMENT ON COLUMN performance_indicators.target_text IS '年度指标值 as printed: 调整后指标 where printed, else 年初指标.';
COMMENT ON COLUMN performance_indicators.target_comparator IS '>=, <=, =, < or > where target_text is a comparison with one number (≥98%), else NULL (及时, 明显).';
COMMENT ON COLUMN performance_indicators.target_value IS 'The number of target_text, in target_unit (not converted: ≤0.84万元 is 0.84).';
COMMENT ON COLUMN performance_indicators.target_unit IS 'The unit printed after the number (%, 套, 万元, 元/户, 个工作日 …); NULL for a bare number or a target that is not numeric.';
COMMENT ON COLUMN performance_indicators.actual_text IS '实际完成值 as printed (98, 达成预期指标).';
COMMENT ON COLUMN performance_indicators.actual_value IS 'actual_text where it is a number, else NULL.';
COMMENT ON COLUMN performance_indicators.weight IS '权重 (the indicator''s points).';
COMMENT ON COLUMN performance_indicators.score IS '得分; NULL where the table prints none.';
COMMENT ON COLUMN performance_indicators.page IS 'Page of the row; NULL for text sources.';
COMMENT ON COLUMN performance_indicators.source_line IS 'Line of the row in a text source (the line its figures are on); NULL for PDFs.';
COMMENT ON COLUMN check_results.expected IS 'The value the identity requires, in yuan (e.g. the sum of the parts); for the performance rules what the text states: a count of projects, yuan, or points.';
COMMENT ON COLUMN check_results.actual IS 'The printed value, in yuan (e.g. the total); for the performance rules what the figures add up to (reports attached, their yuan, or points).';
