"""Step 1: find the documents in the raw folder and read who published what, for when."""
