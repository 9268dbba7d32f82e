"""fiscal-warehouse: department budget and final-accounts disclosures into DuckDB.

The data's path is the package layout:
``documents`` (find files, read their identity) -> ``extract`` (tables as printed)
-> ``normalise`` (facts keyed by classification codes) -> ``validate`` (identities)
-> ``warehouse`` (DuckDB). ``orchestration`` wraps these in Dagster. Below them all, the
ground floor: ``text`` (printed labels, numbers, grids), ``catalog`` (knowledge as data),
``columns`` (the warehouse tables' columns) and ``paths``. Each floor imports only from
the floors below it; ``core.read_document`` runs one file through the floors up to
``validate`` without Dagster.
"""

__version__ = "0.1.0"
