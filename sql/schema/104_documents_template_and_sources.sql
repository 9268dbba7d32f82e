-- Migration (v2.1): the template a document follows and where each identity field was read.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS template VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS department_source VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS region_source VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS fiscal_year_source VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS doc_kind_source VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS scope_source VARCHAR;

COMMENT ON COLUMN documents.template IS 'The template the publication follows (pipelines/catalog/templates.toml): local_department (the nine to twelve tables of a local department) or central_department (the national template of central departments and their units, e.g. universities under 教育部); it decides which tables the publication must print. NULL when no table was found.';
COMMENT ON COLUMN documents.department_source IS 'Where the department was read: the kinds of place that state it, joined by + (cover, table_line = 部门名称/单位名称 lines above the tables, table_title, contents, heading, running_header, narrative, file_name). The value stated by the most kinds wins.';
COMMENT ON COLUMN documents.region_source IS 'Where the region was read: department_name(<where the department was read>) when the department''s name starts with the locality, narrative (位于重庆市北碚区…), cover; NULL when no region is stated.';
COMMENT ON COLUMN documents.fiscal_year_source IS 'Where the fiscal year was read (kinds of place joined by +; file_name only when nothing printed states it).';
COMMENT ON COLUMN documents.doc_kind_source IS 'Where the kind (预算/决算) was read (kinds of place joined by +; table_title = the kind the tables'' titles name).';
COMMENT ON COLUMN documents.scope_source IS 'Where the scope (部门/单位) was read; NULL when the document does not say and department is assumed.';
