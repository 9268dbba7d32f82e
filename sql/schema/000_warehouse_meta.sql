-- warehouse_meta: facts about the warehouse itself (the schema version in place).
CREATE TABLE IF NOT EXISTS warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

COMMENT ON TABLE warehouse_meta IS 'Facts about the warehouse itself: schema_version is a hash of the sql/schema and sql/views files last applied.';
COMMENT ON COLUMN warehouse_meta.key IS 'The fact''s name (schema_version).';
COMMENT ON COLUMN warehouse_meta.value IS 'Its value.';
