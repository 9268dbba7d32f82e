"""The package's floors: every import of ``pipelines`` runs down (or across) them, never up.

From the ground up: ``text`` (printed text), then the catalog, the warehouse tables'
columns and the project's paths, then the data's path ``documents`` -> ``extract`` ->
``normalise`` -> ``validate`` -> ``core`` / ``warehouse``, and the Dagster layer on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipelines.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "pipelines"
FLOORS = {
    "text": 0,
    "catalog": 1,
    "columns": 1,
    "paths": 1,
    "versions": 1,
    "documents": 2,
    "extract": 3,
    "normalise": 4,
    "validate": 5,
    "core": 6,
    "warehouse": 6,
    "orchestration": 7,
    "defs": 7,
    "ingest": 7,
    "workers": 7,
    "definitions": 7,
    "cli": 7,
}


def module_of(path: Path) -> str:
    """The dotted name of a file of the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("pipelines", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def room(module: str) -> str | None:
    """The room (package or module right under ``pipelines``) a ``pipelines.…`` module is
    in; None for ``pipelines`` itself and for modules from elsewhere."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pipelines" else None


def imported(path: Path) -> set[str]:
    """The modules a file imports, wherever in it (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            if node.module == "pipelines":  # from pipelines import catalog
                found |= {f"pipelines.{alias.name}" for alias in node.names}
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_down_the_floors(path: Path) -> None:
    module = module_of(path)
    here = room(module)
    if here is None:  # pipelines/__init__.py
        return
    assert here in FLOORS, f"pipelines/{here} is on no floor: add it to FLOORS"
    for name in imported(path):
        there = room(name)
        if there is None:
            continue
        assert there in FLOORS, f"{module} imports {name}, which is on no floor"
        assert FLOORS[there] <= FLOORS[here], (
            f"{module} (floor {FLOORS[here]}) imports {name} (floor {FLOORS[there]}), above it"
        )


def test_only_the_catalog_reads_its_files() -> None:
    readers = [
        module_of(p)
        for p in SOURCES
        if "tomllib" in imported(p) and room(module_of(p)) != "catalog"
    ]
    assert readers == []
