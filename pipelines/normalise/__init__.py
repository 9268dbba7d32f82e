"""Tables as printed -> facts keyed by classification codes (polars frames)."""
