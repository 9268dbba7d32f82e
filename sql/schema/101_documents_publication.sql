-- Migration (v1.1): warehouses created before documents had publication_id and part.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS publication_id VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS part VARCHAR;

COMMENT ON COLUMN documents.publication_id IS 'The publication the file is part of: one id per department, fiscal_year, doc_kind and scope, shared by the narrative and the tables halves of a publication split in two (and by two forms of one publication).';
COMMENT ON COLUMN documents.part IS 'complete (tables and narrative), tables (the tables half), narrative (the narrative half, no tables); NULL when quarantined.';
