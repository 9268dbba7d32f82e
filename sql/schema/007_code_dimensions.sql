-- Classification codes as observed in the loaded documents, rebuilt at every load.
CREATE TABLE IF NOT EXISTS functional_codes (
    fiscal_year    INTEGER NOT NULL,
    code           VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    level          VARCHAR NOT NULL,
    parent_code    VARCHAR,
    document_count INTEGER NOT NULL
);

COMMENT ON TABLE functional_codes IS 'Functional classification codes (支出功能分类科目) as printed in the loaded documents, one row per fiscal year and code: names change between years.';
COMMENT ON COLUMN functional_codes.fiscal_year IS 'The year whose documents print this code with this name.';
COMMENT ON COLUMN functional_codes.code IS '3 (类), 5 (款) or 7 (项) digits.';
COMMENT ON COLUMN functional_codes.name IS 'The name printed most often for the code in that year.';
COMMENT ON COLUMN functional_codes.level IS '类, 款 or 项.';
COMMENT ON COLUMN functional_codes.parent_code IS 'The code one level up (NULL for a 类).';
COMMENT ON COLUMN functional_codes.document_count IS 'How many loaded documents of the year print the code.';

CREATE TABLE IF NOT EXISTS economic_codes (
    fiscal_year    INTEGER NOT NULL,
    code           VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    level          VARCHAR NOT NULL,
    parent_code    VARCHAR,
    document_count INTEGER NOT NULL
);

COMMENT ON TABLE economic_codes IS 'Economic classification codes (部门经济分类科目) as printed in the loaded documents, one row per fiscal year and code.';
COMMENT ON COLUMN economic_codes.fiscal_year IS 'The year whose documents print this code with this name.';
COMMENT ON COLUMN economic_codes.code IS '3 (类) or 5 (款) digits.';
COMMENT ON COLUMN economic_codes.name IS 'The name printed most often for the code in that year.';
COMMENT ON COLUMN economic_codes.level IS '类 or 款.';
COMMENT ON COLUMN economic_codes.parent_code IS 'The 类 of a 款; NULL for a 类.';
COMMENT ON COLUMN economic_codes.document_count IS 'How many loaded documents of the year print the code.';
