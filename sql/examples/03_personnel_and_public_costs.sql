-- What share of each department's basic expenditure goes to people (人员经费) rather than
-- running costs (公用经费)?
SELECT department, fiscal_year, doc_kind, fund_scope, basic_total_yuan,
       personnel_yuan, public_yuan, personnel_share, public_share, split_from
FROM v_economic_structure
ORDER BY personnel_share DESC, department, fiscal_year;
