"""The raw folder's optional ``sources.csv``: where each file was downloaded from and when
it was published.

A table at the top of the raw folder (``discover.SOURCES_TABLE``), one row per file, with a
header naming its columns::

    file,source_url,published_on
    xiaoyi-admin-approval-bureau-2024-final-accounts.txt,https://…/2024js.pdf,2025-08-29

``file`` is the file's path relative to the raw folder (``/`` or ``\\`` between folders),
``source_url`` where it was downloaded from, ``published_on`` the date it was published
(``YYYY-MM-DD``); either may be empty, other columns are ignored. The table is UTF-8, with or
without a byte-order mark (a GB18030 table, as a spreadsheet on Chinese Windows saves it,
is read and reported). Nothing in it stops an ingest: a row that cannot be used, a date
that is not one, a file that is not in the folder, are returned as problems with the
reason, and the rest is used.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from pipelines.documents.discover import SOURCES_TABLE, list_raw_folder

FILE, URL, DATE = "file", "source_url", "published_on"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SourceEntry(NamedTuple):
    """What sources.csv says of one file."""

    source_url: str | None
    published_on: date | None


@dataclass(frozen=True)
class TableProblem:
    """A row (or the whole table) that could not be used as it is, and why."""

    line: int | None  # 1-based line of sources.csv; None for the table as a whole
    file: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{SOURCES_TABLE} line {self.line}" if self.line else SOURCES_TABLE
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class SourcesTable:
    """The rows of sources.csv that could be used, by file, and the problems found."""

    entries: dict[str, SourceEntry] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)


def _decode(data: bytes, problems: list[TableProblem]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
        problems.append(TableProblem(None, None, "not UTF-8 text: unreadable bytes replaced"))
        return text
    problems.append(TableProblem(None, None, "not UTF-8 but GB18030 text: read as GB18030"))
    return text


def _file_name(value: str) -> str:
    """A ``file`` cell as the raw folder's names are spelt: ``/`` between folders, no
    leading ``./``."""
    name = value.strip().replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


def _published_on(value: str) -> date | None:
    value = value.strip()
    if not _DATE.match(value):
        raise ValueError
    return date.fromisoformat(value)


def parse_sources_table(text: str, known: set[str] | None = None) -> SourcesTable:
    """The rows of a sources.csv's ``text``. ``known`` are the raw folder's file names:
    a row naming another file is a problem (None: not checked)."""
    problems: list[TableProblem] = []
    entries: dict[str, SourceEntry] = {}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return SourcesTable({}, [TableProblem(1, None, f"its header cannot be read ({exc})")])
    columns = [cell.strip().lower() for cell in header] if header else []
    if FILE not in columns:
        reason = f"no {FILE} column in its header: the table is not used"
        return SourcesTable({}, [TableProblem(1 if header else None, None, reason)])
    index = {name: columns.index(name) for name in (FILE, URL, DATE) if name in columns}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a NUL byte, a broken quote: nothing after it is read
            problems.append(TableProblem(reader.line_num, None, f"cannot be read ({exc})"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        cells = {name: row[i] if i < len(row) else "" for name, i in index.items()}
        name = _file_name(cells[FILE])
        if not name:
            problems.append(TableProblem(line, None, f"the {FILE} cell is empty: row ignored"))
            continue
        if known is not None and name not in known:
            problems.append(
                TableProblem(line, name, "names a file that is not in the raw folder: ignored")
            )
            continue
        if name in entries:
            problems.append(
                TableProblem(line, name, "the file is listed again: the first row is used")
            )
            continue
        url = cells.get(URL, "").strip() or None
        published: date | None = None
        printed = cells.get(DATE, "").strip()
        if printed:
            try:
                published = _published_on(printed)
            except ValueError:
                problems.append(
                    TableProblem(
                        line,
                        name,
                        f"published_on {printed!r} is not a date (YYYY-MM-DD): left empty",
                    )
                )
        entries[name] = SourceEntry(url, published)
    return SourcesTable(entries, problems)


def read_sources_table(raw_dir: Path) -> SourcesTable:
    """The raw folder's sources.csv (``parse_sources_table``), checked against the files
    the folder holds; empty, without problems, when there is none."""
    path = Path(raw_dir) / SOURCES_TABLE
    if not path.is_file():
        return SourcesTable()
    problems: list[TableProblem] = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SourcesTable({}, [TableProblem(None, None, f"cannot be read ({exc.strerror})")])
    text = _decode(data, problems)
    known = {name for name, _, _ in list_raw_folder(Path(raw_dir))}
    table = parse_sources_table(text, known)
    return SourcesTable(table.entries, problems + table.problems)
