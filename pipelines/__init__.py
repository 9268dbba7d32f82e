"""fiscal-warehouse: department budget and final-accounts disclosures into DuckDB.

The data's path is the package layout:
``documents`` (find files, read their identity) -> ``extract`` (tables as printed)
-> ``normalise`` (facts keyed by classification codes) -> ``validate`` (identities)
-> ``warehouse`` (DuckDB). ``orchestration`` wraps these in Dagster.
"""

__version__ = "0.1.0"
