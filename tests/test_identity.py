import pytest

from pipelines.documents.identity import read_identity, region_of
from tests.conftest import SAMPLE


def test_sample_identity_is_read_from_its_text() -> None:
    identity = read_identity(SAMPLE.read_text(encoding="utf-8").splitlines())
    assert identity.department == "孝义市行政审批服务管理局"
    assert identity.region == "孝义市"
    assert identity.fiscal_year == 2024
    assert identity.doc_kind == "final_accounts"
    assert identity.scope == "department"
    assert not identity.is_template


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("孝义市行政审批服务管理局", "孝义市"),
        ("上海市普陀区财政局", "上海市普陀区"),
        ("上海市普陀区人民政府万里街道办事处", "上海市普陀区"),
        ("江苏省人大常委会办公厅", "江苏省"),
        ("国家统计局", None),
    ],
)
def test_region_is_the_leading_locality(department: str, region: str | None) -> None:
    assert region_of(department) == region


def test_budget_cover_and_unit_scope() -> None:
    lines = ["", "某某县教育局", "", "2025年单位预算", "部门名称：某某县教育局"]
    identity = read_identity(lines)
    assert (identity.fiscal_year, identity.doc_kind, identity.scope) == (2025, "budget", "unit")
    assert identity.department == "某某县教育局"


def test_placeholder_department_is_a_template() -> None:
    identity = read_identity(["上海市XX局2024年度部门决算"])
    assert identity.department == "上海市XX局"
    assert identity.is_template
