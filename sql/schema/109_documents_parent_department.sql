-- A unit's 主管部门 (the department it reports to), as its cover names it.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS parent_department VARCHAR;
COMMENT ON COLUMN documents.parent_department IS 'For a unit (scope unit): its 主管部门 as its cover names it (主管部门：…); NULL for a department''s own publication or where not printed.';
