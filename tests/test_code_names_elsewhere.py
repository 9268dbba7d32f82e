"""code_named_as_elsewhere (pipelines/catalog/rules.toml, evaluated across documents in
sql/refresh/002_cross_document_checks.sql): a functional 项 printed with a name other than
the one every other department's publication of the year prints.

The departments are the bundled sample and copies of it under other departments' names.
The sample prints 2210201 住房公积金 in its income, expenditure and 一般公共预算 tables
(lines 133, 171, 257); a copy naming it 提租补贴 in all three is consistent within itself,
so only the other departments' publications show the slip.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.ingest import ingest
from tests.conftest import SAMPLE, SAMPLE_NAME

RULE = "code_named_as_elsewhere"
DEPARTMENT = "孝义市行政审批服务管理局"


def _copy(department: str, slip: bool = False) -> str:
    text = SAMPLE.read_text(encoding="utf-8").replace(DEPARTMENT, department)
    return text.replace("2210201\t住房公积金", "2210201\t提租补贴") if slip else text


def _results(tmp_path: Path, files: dict[str, str]) -> list[tuple]:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    warehouse = tmp_path / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, warehouse, instance=instance)
    assert report.ok, [(o.ref.source_file, o.status, o.reason) for o in report.outcomes]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT d.source_file, c.row, c.passed, c.message FROM check_results AS c "
            "JOIN documents AS d USING (document_id) WHERE c.rule = ? "
            "ORDER BY d.source_file, c.row",
            [RULE],
        ).fetchall()


def test_a_name_no_other_department_prints(tmp_path: Path) -> None:
    results = _results(
        tmp_path,
        {
            SAMPLE_NAME: _copy(DEPARTMENT),
            "xiaoyi-statistics-bureau-2024-final-accounts.txt": _copy("孝义市统计局"),
            "xiaoyi-audit-bureau-2024-final-accounts.txt": _copy("孝义市审计局", slip=True),
        },
    )
    failed = [r for r in results if not r[2]]
    assert failed == [
        (
            "xiaoyi-audit-bureau-2024-final-accounts.txt",
            "2210201",
            False,
            "expenditure prints 项 2210201 as 提租补贴; the publications of 2 other "
            "departments of 2024 print it as 住房公积金",
        )
    ]
    # for the other two the others disagree on 2210201 (one of them is the slip): not judged
    assert [r[0] for r in results if r[1] == "2210201"] == [
        "xiaoyi-audit-bureau-2024-final-accounts.txt"
    ]


def test_departments_that_agree(tmp_path: Path) -> None:
    results = _results(
        tmp_path,
        {
            SAMPLE_NAME: _copy(DEPARTMENT),
            "xiaoyi-statistics-bureau-2024-final-accounts.txt": _copy("孝义市统计局"),
            "xiaoyi-audit-bureau-2024-final-accounts.txt": _copy("孝义市审计局"),
        },
    )
    assert results and all(r[2] for r in results)
    assert {r[0] for r in results} == {
        SAMPLE_NAME,
        "xiaoyi-statistics-bureau-2024-final-accounts.txt",
        "xiaoyi-audit-bureau-2024-final-accounts.txt",
    }
