"""Step 4: the DuckDB warehouse: schema from sql/, atomic per-document loads, one writer."""
