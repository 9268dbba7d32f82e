"""Templates (catalog/templates.toml): a document is matched by its tables' title forms and
numbering, never by which tables it prints, and the template decides which are required."""

from __future__ import annotations

from pipelines import catalog
from pipelines.extract.model import RawTable
from pipelines.extract.template import match_template


def titled(title: str, variant: str, number: str | None = None, key: str = "income") -> RawTable:
    return RawTable(key, title, number, "万元", (), variant=variant)


def test_numbered_central_titles_follow_the_central_template() -> None:
    tables = [
        titled("表1：高等学校收支决算总表", "收支决算总表", key="summary"),
        titled("表2：高等学校收入决算表", "收入决算表"),
    ]
    assert match_template(tables, "西南大学").key == "central_department"


def test_titles_led_by_the_department_follow_the_central_template() -> None:
    tables = [
        titled("西南大学收入预算表", "收入预算表"),
        titled("西南大学支出预算表", "支出预算表"),
    ]
    assert match_template(tables, "西南大学").key == "central_department"
    # the same titles are no signal for another department
    assert match_template(tables, "某某县教育局").key == "local_department"


def test_local_numbering_and_bare_titles_follow_the_local_template() -> None:
    assert match_template([titled("收入决算表", "收入决算表", "公开02表")], None).key == (
        "local_department"
    )
    assert match_template([titled("收入支出决算总表", "收入支出决算总表")], None).key == (
        "local_department"
    )
    dated = titled("2025年部门收入预算总表", "收入预算总表")
    assert match_template([dated], "上海市普陀区财政局").key == "local_department"


def test_the_set_of_tables_found_does_not_choose_the_template() -> None:
    # a local 决算 that prints only four tables is still held to the local seven
    tables = [
        titled("收入支出决算总表", "收入支出决算总表", "公开01表", "summary"),
        titled("收入决算表", "收入决算表", "公开02表"),
        titled("支出决算表", "支出决算表", "公开03表", "expenditure"),
        titled("财政拨款支出决算表", "财政拨款支出决算表", "公开04表", "appropriation_expenditure"),
    ]
    template = match_template(tables, "某某县教育局")
    assert template.key == "local_department"
    assert "three_public" in template.mandatory["final_accounts"]


def test_required_tables_per_template() -> None:
    central = catalog.template("central_department")
    assert central.mandatory["final_accounts"] == (
        "summary",
        "income",
        "expenditure",
        "appropriation_expenditure",
    )
    assert len(catalog.template("local_department").mandatory["budget"]) == 7


def test_local_numbering_and_scope_words_are_not_the_central_template() -> None:
    # numbered 附表1：, or titled with the department and the word 部门, or 事业单位
    for tables, department in (
        ([titled("附表1：部门收支总表", "部门收支总表")], "某局"),
        ([titled("孝义市教育局部门收支总表", "部门收支总表")], "孝义市教育局"),
        ([titled("事业单位收入支出决算总表", "收入支出决算总表")], "某局"),
        ([titled("表1：收入支出决算总表", "收入支出决算总表")], "某局"),
        ([titled("2024年水利部收支预算总表", "收支预算总表")], "水利部"),
    ):
        assert match_template(tables, department).key == "local_department", tables[0].title


def test_a_local_body_named_before_its_titles_and_a_central_unit_dating_them() -> None:
    local = [titled("上海市普陀区财政局收支预算总表", "收支预算总表")]
    assert match_template(local, "上海市普陀区财政局").key == "local_department"
    central = [
        titled("表1：西南大学2024年收支决算总表", "收支决算总表"),
        titled("表2：西南大学2024年收入决算表", "收入决算表"),
    ]
    assert match_template(central, "西南大学").key == "central_department"
