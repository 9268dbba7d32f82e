-- Rebuild the code dimensions from the loaded documents' coded tables.
-- Run inside the load transaction, after a document's rows were replaced. A code's name is
-- the one most of its rows print (ties: the first in character order), whatever order the
-- rows are scanned in.
DELETE FROM functional_codes;
INSERT INTO functional_codes
WITH coded AS (
    SELECT d.fiscal_year, li.row_code AS code, li.row_label AS name, li.document_id,
        count(*) OVER (PARTITION BY d.fiscal_year, li.row_code, li.row_label) AS printed
    FROM line_items AS li
    JOIN documents AS d USING (document_id)
    WHERE d.status = 'loaded'
      AND li.table_key IN (
          'income', 'expenditure', 'gpb_expenditure', 'gov_fund', 'state_capital',
          'appropriation_expenditure'
      )
      AND li.row_code IS NOT NULL
      AND length(li.row_code) IN (3, 5, 7)
)
SELECT
    fiscal_year,
    code,
    first(name ORDER BY printed DESC, name) AS name,
    CASE length(code) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END AS level,
    CASE length(code) WHEN 5 THEN left(code, 3) WHEN 7 THEN left(code, 5) END AS parent_code,
    count(DISTINCT document_id) AS document_count
FROM coded
GROUP BY fiscal_year, code;

DELETE FROM economic_codes;
INSERT INTO economic_codes
WITH coded AS (
    SELECT d.fiscal_year, li.row_code AS code, li.row_label AS name, li.document_id,
        count(*) OVER (PARTITION BY d.fiscal_year, li.row_code, li.row_label) AS printed
    FROM line_items AS li
    JOIN documents AS d USING (document_id)
    WHERE d.status = 'loaded'
      AND li.table_key IN ('gpb_basic_expenditure', 'appropriation_basic_expenditure')
      AND li.row_code IS NOT NULL
      AND length(li.row_code) IN (3, 5)
)
SELECT
    fiscal_year,
    code,
    first(name ORDER BY printed DESC, name) AS name,
    CASE length(code) WHEN 3 THEN '类' ELSE '款' END AS level,
    CASE length(code) WHEN 5 THEN left(code, 3) END AS parent_code,
    count(DISTINCT document_id) AS document_count
FROM coded
GROUP BY fiscal_year, code;
