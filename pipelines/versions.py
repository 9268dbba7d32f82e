"""The pipeline's versions: what a document was read and checked with.

A document is read again when its bytes, the reader's code or the catalog the reader uses
change (``reader_version``); it is checked again, from what was read, when the code that
turns tables into facts or the rulebook changes (``checker_version``). Both are hashes of
the source files themselves, so any edit counts, and nothing needs bumping by hand.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# what reading a document depends on: the file-to-tables floors and the catalog they read
READER_SOURCES = ("documents", "extract", "text", "catalog")
# what checking depends on: tables-to-facts, the rulebook and the code that reads it
CHECKER_SOURCES = (
    "normalise",
    "validate",
    "columns.py",
    "catalog/rulebook.py",
    "catalog/rules.toml",
)
# the libraries the reader reads with: a new version of one reads every document again
READER_LIBRARIES = ("camelot-py", "pypdfium2", "playa-pdf", "polars")
RULEBOOK = ("catalog/rulebook.py", "catalog/rules.toml")
LENGTH = 12


def _library_versions() -> str:
    found = []
    for name in READER_LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: not installed")
    return ";".join(found)


def _digest(paths: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:LENGTH]


def _files(entries: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Path]:
    files: list[Path] = []
    for entry in entries:
        path = PACKAGE / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.suffix in {".py", ".toml", ".csv"})
    excluded = {PACKAGE / e for e in exclude}
    return [p for p in dict.fromkeys(files) if p not in excluded and "__pycache__" not in p.parts]


@cache
def reader_version() -> str:
    """A hash of the reader's code and the catalog it reads with (not the rulebook)."""
    return _digest(_files(READER_SOURCES, exclude=RULEBOOK), _library_versions())


@cache
def checker_version() -> str:
    """A hash of the normalising and checking code and the rulebook."""
    return _digest(_files(CHECKER_SOURCES))


def pipeline_version() -> str:
    """Both, as recorded in ``documents.pipeline_version``: ``reader/checker``."""
    return f"{reader_version()}/{checker_version()}"
