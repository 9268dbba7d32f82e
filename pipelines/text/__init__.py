"""The ground floor: printed text read the same way by every step (labels, numbers and
units, the header and columns of a printed grid). Imports nothing of the steps above."""
