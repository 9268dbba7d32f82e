"""Which department a report is of: the name asked for, matched against ``v_documents``."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

LISTED = 30  # candidates an UnknownDepartment names


class UnknownDepartment(LookupError):
    """No department, or more than one, matches what was asked for."""

    def __init__(self, query: str, candidates: Sequence[str], *, ambiguous: bool) -> None:
        self.query = query
        self.candidates = list(candidates)
        self.ambiguous = ambiguous
        listed = "; ".join(self.candidates[:LISTED]) or "none (the warehouse names none)"
        if len(self.candidates) > LISTED:
            listed += f"; … and {len(self.candidates) - LISTED} more"
        if ambiguous:
            message = f"{query!r} matches {len(self.candidates)} departments: {listed}"
        else:
            message = f"no department matches {query!r}; the warehouse holds: {listed}"
        super().__init__(message)


def find_department(conn: duckdb.DuckDBPyConnection, query: str) -> str:
    """The department of ``v_documents`` named ``query`` exactly, else the only one whose
    name holds it; :class:`UnknownDepartment` (with the candidates) otherwise."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT department FROM v_documents WHERE department IS NOT NULL "
            "ORDER BY department"
        ).fetchall()
    ]
    if query in names:
        return query
    matches = [name for name in names if query.casefold() in name.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise UnknownDepartment(query, matches or names, ambiguous=bool(matches))
