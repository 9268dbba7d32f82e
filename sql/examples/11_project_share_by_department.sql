-- How much of each department's expenditure is project money (项目支出)? Over its 类, from
-- the widest fund scope whose table splits basic and project expenditure.
WITH classes AS (
    SELECT
        f.*, d.department, d.fiscal_year, d.doc_kind,
        coalesce(d.publication_id, d.document_id) AS publication_key,
        bool_or(f.project_yuan IS NOT NULL OR f.basic_yuan IS NOT NULL) OVER (
            PARTITION BY coalesce(d.publication_id, d.document_id), f.fund_scope
        ) AS splits
    FROM fact_expenditure_by_function AS f
    JOIN dim_document AS d USING (document_id)
    WHERE length(f.subject_code) = 3 AND d.verification <> 'unverified'
),
chosen AS (
    SELECT *
    FROM classes
    WHERE splits
    QUALIFY dense_rank() OVER (
        PARTITION BY publication_key
        ORDER BY CASE fund_scope WHEN 'all_funds' THEN 1 WHEN 'general_public_budget' THEN 2
                                 ELSE 3 END
    ) = 1
)
SELECT department, fiscal_year, doc_kind, any_value(fund_scope) AS fund_scope,
       sum(total_yuan) AS total_yuan, sum(coalesce(project_yuan, 0)) AS project_yuan,
       CAST(round(sum(coalesce(project_yuan, 0)) / nullif(sum(total_yuan), 0), 4)
            AS DECIMAL(7, 4)) AS project_share
FROM chosen
GROUP BY department, fiscal_year, doc_kind
ORDER BY project_share DESC, department, fiscal_year;
