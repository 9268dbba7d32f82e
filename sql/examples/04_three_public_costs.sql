-- 三公 costs of final accounts: what was budgeted against what was spent, per item.
SELECT d.department, d.fiscal_year, f.item, f.budget_yuan, f.actual_yuan,
       CAST(f.actual_yuan - f.budget_yuan AS DECIMAL(18, 2)) AS under_budget_by_yuan
FROM fact_three_public AS f
JOIN dim_document AS d USING (document_id)
WHERE d.doc_kind = 'final_accounts' AND d.verification <> 'unverified'
ORDER BY d.department, d.fiscal_year, f.item;
