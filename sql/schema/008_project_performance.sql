-- project_performance: the 项目支出绩效自评 reports a publication attaches, one row each.
CREATE TABLE IF NOT EXISTS project_performance (
    document_id           VARCHAR NOT NULL,
    project_name          VARCHAR NOT NULL,
    project_unit          VARCHAR,
    budget_declared_yuan  DECIMAL(18, 2),
    budget_initial_yuan   DECIMAL(18, 2),
    budget_full_year_yuan DECIMAL(18, 2),
    executed_yuan         DECIMAL(18, 2),
    balance_yuan          DECIMAL(18, 2),
    execution_rate        DECIMAL(9, 4),
    budget_score          DECIMAL(9, 2),
    total_score           DECIMAL(9, 2),
    grade                 VARCHAR,
    page                  INTEGER,
    source_line           INTEGER
);

COMMENT ON TABLE project_performance IS 'Project performance self-evaluations (项目支出绩效自评) attached to a publication: the 合计 row of each report''s 预算执行情况 table and the self-assessed result.';
COMMENT ON COLUMN project_performance.document_id IS 'The document the report is in.';
COMMENT ON COLUMN project_performance.project_name IS '项目名称 as printed, whitespace removed.';
COMMENT ON COLUMN project_performance.project_unit IS '项目单位 as printed (often with the unit''s code: 019001-…).';
COMMENT ON COLUMN project_performance.budget_declared_yuan IS '年初预算数 / 目标申报, in yuan.';
COMMENT ON COLUMN project_performance.budget_initial_yuan IS '年初预算数 / 预算编制 (the initial budget), in yuan.';
COMMENT ON COLUMN project_performance.budget_full_year_yuan IS '全年预算数 (the budget after adjustments), in yuan.';
COMMENT ON COLUMN project_performance.executed_yuan IS '全年执行数 (spent in the year), in yuan.';
COMMENT ON COLUMN project_performance.balance_yuan IS '资金结（转）余, in yuan.';
COMMENT ON COLUMN project_performance.execution_rate IS '执行率 as a ratio (a printed 100 is 1.0000).';
COMMENT ON COLUMN project_performance.budget_score IS '得分 of the budget execution part.';
COMMENT ON COLUMN project_performance.total_score IS '总得分, the self-assessed total score.';
COMMENT ON COLUMN project_performance.grade IS '优, 良, 中 or 差.';
COMMENT ON COLUMN project_performance.page IS 'Page of the report''s start; NULL for text sources.';
COMMENT ON COLUMN project_performance.source_line IS 'Line of the report''s 项目名称 in a text source; NULL for PDFs.';
