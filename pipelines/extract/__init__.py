"""Step 2: a document -> its standard tables as printed (grids of cell text with pages)."""
