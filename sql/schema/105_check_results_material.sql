-- Migration (v2.1): whether a failed check makes its document unverified.
ALTER TABLE check_results ADD COLUMN IF NOT EXISTS material BOOLEAN;

COMMENT ON COLUMN check_results.material IS 'For a failed check: whether it makes the document unverified (its figures cannot be trusted). Every failed error-level rule on identity and required tables is material; a failed accounting identity is material only when its difference exceeds the rounding tolerance, the rulebook''s [materiality] share of the figure and its amount in yuan. NULL on a failed error means material (rows written before v2.1).';
