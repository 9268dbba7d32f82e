"""The Dagster layer: thin assets, checks and resources around the pure core."""
