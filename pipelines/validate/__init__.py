"""Step 3b: the accounting identities the figures obey, checked per document."""
