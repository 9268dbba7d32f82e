-- The 三公 costs of each department by year, against its prior year of the same kind: the
-- budget of a budget, the actual (决算数) of final accounts. Items as the catalog names
-- them (pipelines/catalog/tables.toml [three_public_items]; 合计 the 三公 total). A
-- publication in two forms is counted once (v_line_items); unverified documents are left
-- out unless SET VARIABLE include_unverified = true.
CREATE OR REPLACE VIEW v_three_public_trend AS
WITH items AS (
    SELECT
        d.department,
        d.region,
        d.scope,
        d.doc_kind,
        d.fiscal_year,
        f.item,
        CASE d.doc_kind WHEN 'final_accounts' THEN 'actual' ELSE 'budget' END AS basis,
        CAST(sum(CASE d.doc_kind WHEN 'final_accounts' THEN f.actual_yuan
                                 ELSE f.budget_yuan END) AS DECIMAL(18, 2)) AS amount_yuan,
        min(f.page) AS page,
        min(f.document_id) AS document_id
    FROM fact_three_public AS f
    JOIN dim_document AS d USING (document_id)
    WHERE d.verification <> 'unverified' OR coalesce(getvariable('include_unverified'), false)
    GROUP BY ALL
)
SELECT
    cur.department,
    cur.region,
    cur.scope,
    cur.doc_kind,
    cur.item,
    cur.basis,
    cur.fiscal_year,
    cur.amount_yuan,
    prior.amount_yuan AS prior_amount_yuan,
    CAST(cur.amount_yuan - prior.amount_yuan AS DECIMAL(18, 2)) AS change_yuan,
    CAST(round(100 * (cur.amount_yuan - prior.amount_yuan) / nullif(prior.amount_yuan, 0), 2)
         AS DECIMAL(12, 2)) AS change_pct,
    cur.page,
    cur.document_id
FROM items AS cur
LEFT JOIN items AS prior
    ON prior.department = cur.department
   AND prior.scope IS NOT DISTINCT FROM cur.scope
   AND prior.doc_kind = cur.doc_kind
   AND prior.item = cur.item
   AND prior.fiscal_year = cur.fiscal_year - 1;

COMMENT ON VIEW v_three_public_trend IS 'Department x 三公 item x year: amount_yuan (basis: the budget of a budget, the actual of final accounts), the prior year''s of the same doc_kind, change in yuan and percent (NULL where the prior year is not loaded); item 合计 is the 三公 total; page and document_id of this year''s figure. From fact_three_public; unverified documents are left out unless SET VARIABLE include_unverified = true.';
