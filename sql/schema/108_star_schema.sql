-- The star schema beside line_items (the printed record): facts keyed by the
-- classifications, and their dimensions. Derived from the loaded documents and rebuilt at
-- every refresh (sql/refresh/003_star_schema.sql; the lookups by pipelines/warehouse/
-- lookups.py). Superseded and retired documents have no facts; unverified ones do (their
-- verification is in dim_document), and the analysts' views leave them out.

CREATE TABLE IF NOT EXISTS document_locations (
    document_id      VARCHAR NOT NULL,
    government_level VARCHAR,
    region_code      VARCHAR,
    province         VARCHAR
);
COMMENT ON TABLE document_locations IS 'Where each loaded document''s region stands among China''s administrative divisions (pipelines/catalog/regions.py); read through dim_document.';
COMMENT ON COLUMN document_locations.document_id IS 'References documents.';
COMMENT ON COLUMN document_locations.government_level IS '中央 (the central template: 中央部门 and their units), 省 (province-level: 省, 自治区, 直辖市), 市 (prefecture-level) or 区县 (county-level: 区, 县, 县级市, 旗); NULL where the region is unknown or not a division.';
COMMENT ON COLUMN document_locations.region_code IS 'The 6-digit 行政区划代码 of the region, NULL where its name is ambiguous (普陀区 alone) or unknown.';
COMMENT ON COLUMN document_locations.province IS 'The province-level division the region lies in.';

CREATE TABLE IF NOT EXISTS row_labels (
    row_label           VARCHAR NOT NULL,
    row_label_canonical VARCHAR NOT NULL,
    income_source       VARCHAR
);
COMMENT ON TABLE row_labels IS 'Every label printed on a row without a code, with the catalog''s label for it (pipelines/catalog/tables.toml [row_labels]: 一、财政拨款 and 财政拨款收入 are one item).';
COMMENT ON COLUMN row_labels.row_label IS 'The label as printed (line_items.row_label).';
COMMENT ON COLUMN row_labels.row_label_canonical IS 'The catalog''s label: the ordinal and 其中： dropped, the variant named by its canonical label; a label the catalog does not list is its own.';
COMMENT ON COLUMN row_labels.income_source IS 'For an income item printed as a row (income by funding source, Jiangsu budgets): the income column_key it is (total, fiscal_appropriation_gpb, other, …; catalog [income_sources]).';

CREATE TABLE IF NOT EXISTS dim_document (
    document_id       VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    department        VARCHAR,
    parent_department VARCHAR,
    region            VARCHAR,
    province          VARCHAR,
    region_code       VARCHAR,
    government_level  VARCHAR,
    fiscal_year       INTEGER,
    doc_kind          VARCHAR,
    scope             VARCHAR,
    template          VARCHAR,
    part              VARCHAR,
    publication_id    VARCHAR,
    edition_mark      VARCHAR,
    verification      VARCHAR,
    page_count        INTEGER,
    source_url        VARCHAR,
    published_on      DATE
);
COMMENT ON TABLE dim_document IS 'One row per loaded document (superseded and retired ones left out): who published it, where, at which level of government, for which year, and whether its figures are verified.';
COMMENT ON COLUMN dim_document.document_id IS 'References documents.';
COMMENT ON COLUMN dim_document.source_file IS 'Path relative to the raw folder.';
COMMENT ON COLUMN dim_document.department IS 'The department or unit as printed.';
COMMENT ON COLUMN dim_document.parent_department IS 'For a unit (scope unit): its 主管部门 where the document names it; NULL otherwise.';
COMMENT ON COLUMN dim_document.region IS 'The locality as the document states it.';
COMMENT ON COLUMN dim_document.province IS 'The province-level division the region lies in.';
COMMENT ON COLUMN dim_document.region_code IS 'The region''s 6-digit 行政区划代码 where its name leaves no doubt.';
COMMENT ON COLUMN dim_document.government_level IS '中央, 省, 市 or 区县: the level of government whose budget the document belongs to (document_locations).';
COMMENT ON COLUMN dim_document.fiscal_year IS 'The year the figures are for.';
COMMENT ON COLUMN dim_document.doc_kind IS 'final_accounts (决算) or budget (预算).';
COMMENT ON COLUMN dim_document.scope IS 'department (部门: consolidated) or unit (单位: its own).';
COMMENT ON COLUMN dim_document.template IS 'The template its tables follow (pipelines/catalog/templates.toml).';
COMMENT ON COLUMN dim_document.part IS 'complete, tables or narrative: which part of its publication the file holds.';
COMMENT ON COLUMN dim_document.publication_id IS 'The publication (department, year, kind, scope) the file is a form or part of.';
COMMENT ON COLUMN dim_document.edition_mark IS 'A correction mark (更正, 修订…) where printed.';
COMMENT ON COLUMN dim_document.verification IS 'verified, verified_with_warnings or unverified (v_documents).';
COMMENT ON COLUMN dim_document.page_count IS 'Pages of the PDF; NULL for a text source.';
COMMENT ON COLUMN dim_document.source_url IS 'Where it was published, from sources.csv.';
COMMENT ON COLUMN dim_document.published_on IS 'When it was published, from sources.csv.';

CREATE TABLE IF NOT EXISTS dim_functional_code (
    fiscal_year  INTEGER NOT NULL,
    code         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    level        VARCHAR NOT NULL,
    parent_code  VARCHAR,
    class_code   VARCHAR NOT NULL,
    section_code VARCHAR,
    path         VARCHAR NOT NULL
);
COMMENT ON TABLE dim_functional_code IS 'Functional classification codes (支出功能分类科目) by year, as the loaded documents print them, with their place in the tree.';
COMMENT ON COLUMN dim_functional_code.fiscal_year IS 'The year whose documents print the code with this name.';
COMMENT ON COLUMN dim_functional_code.code IS '3 (类), 5 (款) or 7 (项) digits.';
COMMENT ON COLUMN dim_functional_code.name IS 'The name printed most often for the code in that year.';
COMMENT ON COLUMN dim_functional_code.level IS '类, 款 or 项.';
COMMENT ON COLUMN dim_functional_code.parent_code IS 'The code one level up; NULL for a 类.';
COMMENT ON COLUMN dim_functional_code.class_code IS 'Its 类 (the first 3 digits).';
COMMENT ON COLUMN dim_functional_code.section_code IS 'Its 款 (the first 5 digits); NULL for a 类.';
COMMENT ON COLUMN dim_functional_code.path IS '类 > 款 > 项 with codes and names: 201 一般公共服务支出 > 20101 人大事务 > 2010101 行政运行 (a level the year''s documents do not print stands as its code alone).';

CREATE TABLE IF NOT EXISTS dim_economic_code (
    fiscal_year INTEGER NOT NULL,
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL,
    parent_code VARCHAR,
    class_code  VARCHAR NOT NULL,
    path        VARCHAR NOT NULL
);
COMMENT ON TABLE dim_economic_code IS 'Economic classification codes (部门经济分类科目) by year, as the loaded documents print them.';
COMMENT ON COLUMN dim_economic_code.fiscal_year IS 'The year whose documents print the code with this name.';
COMMENT ON COLUMN dim_economic_code.code IS '3 (类) or 5 (款) digits.';
COMMENT ON COLUMN dim_economic_code.name IS 'The name printed most often for the code in that year.';
COMMENT ON COLUMN dim_economic_code.level IS '类 or 款.';
COMMENT ON COLUMN dim_economic_code.parent_code IS 'The 类 of a 款; NULL for a 类.';
COMMENT ON COLUMN dim_economic_code.class_code IS 'Its 类 (the first 3 digits).';
COMMENT ON COLUMN dim_economic_code.path IS '类 > 款 with codes and names: 301 工资福利支出 > 30101 基本工资.';

CREATE TABLE IF NOT EXISTS fact_expenditure_by_function (
    document_id                VARCHAR NOT NULL,
    subject_code               VARCHAR NOT NULL,
    fund_scope                 VARCHAR NOT NULL,
    source_table               VARCHAR NOT NULL,
    total_yuan                 DECIMAL(18, 2),
    basic_yuan                 DECIMAL(18, 2),
    project_yuan               DECIMAL(18, 2),
    personnel_yuan             DECIMAL(18, 2),
    public_yuan                DECIMAL(18, 2),
    unit_reserve_yuan          DECIMAL(18, 2),
    remit_to_superior_yuan     DECIMAL(18, 2),
    operating_yuan             DECIMAL(18, 2),
    subsidy_to_affiliates_yuan DECIMAL(18, 2),
    carryover_begin_yuan       DECIMAL(18, 2),
    income_yuan                DECIMAL(18, 2),
    carryover_end_yuan         DECIMAL(18, 2),
    other_columns              MAP(VARCHAR, DECIMAL(18, 2)),
    printed_name               VARCHAR,
    page                       INTEGER,
    row_no                     INTEGER
);
COMMENT ON TABLE fact_expenditure_by_function IS 'Expenditure by functional code: one row per publication x code x fund scope, from the table of the publication that prints it for that scope (source_table: the expenditure table, else the summary''s 类 lines, for all funds; gpb_expenditure, else the 财政拨款 summary''s 一般公共预算 column; appropriation_expenditure, else the 财政拨款 summary; gov_fund; state_capital). A publication in two forms counts once (v_line_items).';
COMMENT ON COLUMN fact_expenditure_by_function.document_id IS 'References dim_document: the file the figures were read from.';
COMMENT ON COLUMN fact_expenditure_by_function.subject_code IS 'Functional code (3, 5 or 7 digits): references dim_functional_code with the document''s fiscal_year.';
COMMENT ON COLUMN fact_expenditure_by_function.fund_scope IS 'Whose money: all_funds (every source of funds), fiscal_appropriation (财政拨款), general_public_budget (一般公共预算财政拨款), government_fund (政府性基金预算财政拨款), state_capital_fund (国有资本经营预算财政拨款). Part of the grain: never add figures of different scopes.';
COMMENT ON COLUMN fact_expenditure_by_function.source_table IS 'The table_key the figures come from.';
COMMENT ON COLUMN fact_expenditure_by_function.total_yuan IS 'Total expenditure (本年支出合计 / 合计 / the summary''s line).';
COMMENT ON COLUMN fact_expenditure_by_function.basic_yuan IS '基本支出 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.project_yuan IS '项目支出 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.personnel_yuan IS '人员经费 where the table splits 基本支出.';
COMMENT ON COLUMN fact_expenditure_by_function.public_yuan IS '公用经费 where the table splits 基本支出.';
COMMENT ON COLUMN fact_expenditure_by_function.unit_reserve_yuan IS '单位预留机动经费 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.remit_to_superior_yuan IS '上缴上级支出 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.operating_yuan IS '经营支出 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.subsidy_to_affiliates_yuan IS '对附属单位补助支出 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.carryover_begin_yuan IS '年初结转和结余 where printed (政府性基金 / 国有资本经营 tables).';
COMMENT ON COLUMN fact_expenditure_by_function.income_yuan IS '本年收入 where printed (政府性基金 / 国有资本经营 tables).';
COMMENT ON COLUMN fact_expenditure_by_function.carryover_end_yuan IS '年末结转和结余 where printed.';
COMMENT ON COLUMN fact_expenditure_by_function.other_columns IS 'Any other printed column (column_key -> yuan), e.g. project_capital_construction: nothing printed is left out.';
COMMENT ON COLUMN fact_expenditure_by_function.printed_name IS 'The row''s label as printed.';
COMMENT ON COLUMN fact_expenditure_by_function.page IS 'Page the row was read from (NULL for a text source).';
COMMENT ON COLUMN fact_expenditure_by_function.row_no IS 'The row''s position in its table (line_items.row_no).';

CREATE TABLE IF NOT EXISTS fact_basic_expenditure_by_economic (
    document_id    VARCHAR NOT NULL,
    economic_code  VARCHAR NOT NULL,
    fund_scope     VARCHAR NOT NULL,
    source_table   VARCHAR NOT NULL,
    expense_group  VARCHAR,
    amount_yuan    DECIMAL(18, 2),
    personnel_yuan DECIMAL(18, 2),
    public_yuan    DECIMAL(18, 2),
    printed_name   VARCHAR,
    page           INTEGER,
    row_no         INTEGER
);
COMMENT ON TABLE fact_basic_expenditure_by_economic IS 'Basic expenditure (基本支出) by economic code: one row per publication x code x fund scope (general_public_budget: gpb_basic_expenditure; fiscal_appropriation: appropriation_basic_expenditure).';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.document_id IS 'References dim_document.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.economic_code IS 'Economic code (3 or 5 digits): references dim_economic_code with the document''s fiscal_year.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.fund_scope IS 'general_public_budget or fiscal_appropriation, as the source table.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.source_table IS 'The table_key the figure comes from.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.expense_group IS 'The column group the table prints the code under (人员经费 / 公用经费), where it prints such groups.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.amount_yuan IS 'The code''s basic expenditure (the amount column, or the total where the table splits it into 人员经费 and 公用经费).';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.personnel_yuan IS '人员经费 where the table prints that column.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.public_yuan IS '公用经费 where the table prints that column.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.printed_name IS 'The row''s label as printed.';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.page IS 'Page the row was read from (NULL for a text source).';
COMMENT ON COLUMN fact_basic_expenditure_by_economic.row_no IS 'The row''s position in its table.';

CREATE TABLE IF NOT EXISTS fact_income_by_source (
    document_id   VARCHAR NOT NULL,
    subject_code  VARCHAR,
    income_source VARCHAR NOT NULL,
    amount_yuan   DECIMAL(18, 2) NOT NULL,
    printed_label VARCHAR,
    page          INTEGER,
    row_no        INTEGER
);
COMMENT ON TABLE fact_income_by_source IS 'Income (收入表) by functional code and source of funds: one row per publication x code x source. subject_code NULL is the whole document (the 合计 line, or a table printed by source of funds alone, as Jiangsu budgets do).';
COMMENT ON COLUMN fact_income_by_source.document_id IS 'References dim_document.';
COMMENT ON COLUMN fact_income_by_source.subject_code IS 'Functional code, or NULL for the whole document.';
COMMENT ON COLUMN fact_income_by_source.income_source IS 'The source of funds, as an income column_key: total (本年收入合计), grand_total (收入总计, carry-overs included), fiscal_appropriation, fiscal_appropriation_gpb, superior_subsidy, business (and business_tuition, its 其中), operating, affiliated_remittance, other, carryover_begin, nonfiscal_balance_used…; total and grand_total are sums of the others.';
COMMENT ON COLUMN fact_income_by_source.amount_yuan IS 'Yuan.';
COMMENT ON COLUMN fact_income_by_source.printed_label IS 'The row''s label as printed.';
COMMENT ON COLUMN fact_income_by_source.page IS 'Page the figure was read from (NULL for a text source).';
COMMENT ON COLUMN fact_income_by_source.row_no IS 'The row''s position in its table.';

CREATE TABLE IF NOT EXISTS fact_three_public (
    document_id VARCHAR NOT NULL,
    item        VARCHAR NOT NULL,
    budget_yuan DECIMAL(18, 2),
    actual_yuan DECIMAL(18, 2),
    page        INTEGER,
    row_no      INTEGER
);
COMMENT ON TABLE fact_three_public IS '三公 costs (and 会议费, 培训费, 机关运行经费 where the table prints them): one row per publication x item.';
COMMENT ON COLUMN fact_three_public.document_id IS 'References dim_document.';
COMMENT ON COLUMN fact_three_public.item IS 'The item as the catalog names it (pipelines/catalog/tables.toml [three_public_items]); 合计 is the 三公 total.';
COMMENT ON COLUMN fact_three_public.budget_yuan IS 'The budget (预算数): a budget''s figure, or the final accounts'' printed budget column.';
COMMENT ON COLUMN fact_three_public.actual_yuan IS 'The actual (决算数), in final accounts.';
COMMENT ON COLUMN fact_three_public.page IS 'Page the row was read from (NULL for a text source).';
COMMENT ON COLUMN fact_three_public.row_no IS 'The row''s position in its table.';
