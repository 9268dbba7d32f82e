"""Identity from every place a document states it (issue 9): the cover in any order and
line breaking, the table of contents, table titles and the lines above tables, running
headers, the narrative, and the file name as the last resort."""

from __future__ import annotations

from pipelines.documents.identity import dissent_mentions, read_identity
from pipelines.documents.statements import title_identity


def test_cover_split_over_lines_with_the_department_after_the_year() -> None:
    # as the 江苏省高级人民法院 2018 budget prints it: cover over two lines, the contents
    # naming the department in every line
    pages = [
        (1, ["2018 年度江苏省高级", "人民法院预算公开"]),
        (
            2,
            [
                "目 录",
                "一、2018 年度江苏省高级人民法院收支预算总表 ....... 3",
                "二、2018 年度江苏省高级人民法院收入预算总表 ....... 4",
            ],
        ),
    ]
    identity = read_identity(pages, [(3, "收支预算总表", "收支预算总表")], "court.pdf")
    assert identity.department == "江苏省高级人民法院"
    assert (identity.fiscal_year, identity.doc_kind) == (2018, "budget")
    assert identity.region == "江苏省"
    assert identity.source_of("department") == "cover+contents"
    assert identity.source_of("fiscal_year") == "cover+contents"


def test_a_tables_only_file_without_a_cover() -> None:
    # each table headed 部门名称：…, a separate 2021年度 line, titles without the year
    pages = [
        (1, ["收入支出决算总表", "部门名称：某某县教育局", "2021年度", "金额单位：元"]),
        (2, ["收入决算表", "部门名称：某某县教育局", "2021年度", "金额单位：元"]),
    ]
    titles = [(1, "收入支出决算总表", "收入支出决算总表"), (2, "收入决算表", "收入决算表")]
    identity = read_identity(pages, titles, "scan-0042.pdf")
    assert identity.department == "某某县教育局"
    assert (identity.fiscal_year, identity.doc_kind, identity.scope) == (
        2021,
        "final_accounts",
        "department",
    )
    assert identity.source_of("department") == "table_line"  # page 1 is a table, no cover
    assert identity.source_of("doc_kind") == "table_title"  # 收入决算表 names the kind


def test_department_named_in_the_tables_titles() -> None:
    pages = [(1, ["西南大学", "2021 年度部门预算"]), (6, ["西南大学收支预算总表"])]
    titles = [(6, "西南大学收支预算总表", "收支预算总表"), (7, "西南大学收入预算表", "收入预算表")]
    identity = read_identity(pages, titles, "x.pdf")
    assert identity.department == "西南大学"
    assert identity.source_of("department") == "cover+table_title"


def test_region_from_the_narrative_where_the_name_has_none() -> None:
    pages = [
        (1, ["西南大学", "2021 年度部门预算"]),
        (
            3,
            [
                "西南大学是教育部直属的重点综合大学。学校主体位于重庆市北碚区，坐落于缙云山麓。",
                "学校地处西部地区。与重庆市石柱土家族自治县开展县校合作。",
            ],
        ),
    ]
    identity = read_identity(pages, [], "x.pdf")
    assert identity.region == "重庆市北碚区"
    assert identity.source_of("region") == "narrative"


def test_the_majority_of_kinds_of_place_decides_not_the_number_of_lines() -> None:
    # a running header printed on five pages is one source against cover + table lines
    header = "某某市教育局2023年度部门决算"
    pages = [(1, ["某某市教育局", "2024年度部门决算"])]
    pages += [(n, [header, "正文"]) for n in range(2, 7)]
    pages += [(7, ["收入决算表", "部门名称：某某市教育局", "2024年度"])]
    identity = read_identity(pages, [(7, "收入决算表", "收入决算表")], "x.pdf")
    assert identity.fiscal_year == 2024
    assert identity.source_of("fiscal_year") == "cover+table_line"


def test_the_file_name_is_the_last_resort_and_recorded_as_such() -> None:
    identity = read_identity(
        [(1, ["收入决算表", "部门名称：某某县财政局"])],
        [(1, "收入决算表", "收入决算表")],
        "tables/2022-final.pdf",
    )
    assert identity.fiscal_year == 2022
    assert identity.source_of("fiscal_year") == "file_name"
    assert identity.source_of("doc_kind") == "table_title"  # printed beats the file name


def test_a_locality_before_the_year_is_the_region_not_the_department() -> None:
    # Shanghai budgets: 上海市普陀区2025年区级部门预算 / 预算主管部门：上海市普陀区财政局
    identity = read_identity(
        [(1, ["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区财政局"])], [], "a.pdf"
    )
    assert identity.department == "上海市普陀区财政局"
    assert identity.region == "上海市普陀区"


def test_a_running_header_against_the_majority_is_a_finding() -> None:
    header = "某某市教育局2023年度部门决算"
    pages = [(1, ["某某市教育局", "2024年度部门决算"])]
    pages += [(n, [header, "正文"]) for n in range(2, 7)]
    pages += [(7, ["收入决算表", "部门名称：某某市教育局", "2024年度"])]
    identity = read_identity(pages, [(7, "收入决算表", "收入决算表")], "x.pdf")
    assert [(m.kind, m.text, m.fiscal_year) for m in dissent_mentions(identity)] == [
        ("running_header", header, 2023)
    ]


def test_institution_words_in_a_title_are_not_the_department() -> None:
    pages = [(1, ["西南大学 2024 年度部门决算"])]
    titles = [(8, "表1：高等学校收支决算总表", "收支决算总表")]
    identity = read_identity(pages, titles, "x.pdf")
    assert identity.department == "西南大学"
    assert identity.dissent == ()


def test_the_kind_a_title_names_is_the_word_before_its_table() -> None:
    # 一般公共预算 is the fund's name; 决算表 is the kind
    assert title_identity(
        "五、一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算表"
    ) == {"doc_kind": "final_accounts"}
    assert title_identity("一般公共预算支出预算表", "一般公共预算支出预算表") == {
        "doc_kind": "budget"
    }
    assert title_identity("部门收支总表", "部门收支总表") == {}
    assert title_identity("2018年度江苏省高级人民法院收支预算总表", "收支预算总表") == {
        "fiscal_year": 2018,
        "department": "江苏省高级人民法院",
        "doc_kind": "budget",
    }


def test_a_units_cover_names_its_supervising_department_not_itself() -> None:
    identity = read_identity(
        [
            (
                1,
                [
                    "上海市普陀区曹杨新村第一小学",
                    "2024年度单位预算",
                    "预算主管部门：上海市普陀区教育局",
                ],
            )
        ],
        [],
        "x.pdf",
    )
    assert identity.department == "上海市普陀区曹杨新村第一小学"
    assert identity.scope == "unit"
    assert identity.dissent == ()


def test_a_cover_line_in_another_script_or_a_date_is_no_department() -> None:
    english = read_identity(
        [(1, ["西南大学", "Southwest University", "2024年度部门决算"])], [], "x.pdf"
    )
    assert english.department == "西南大学"
    dated = read_identity([(1, ["2024年3月", "2024年度部门决算"])], [], "x.pdf")
    assert dated.department is None


def test_a_running_footer_is_one_kind_of_place_not_two() -> None:
    # tables only, each dated 2024年度; a stale footer on every page says 2023
    footer = "上海市普陀区财政局2023年部门预算"
    pages = [
        (
            n,
            [
                "收入预算表" if n % 2 else "支出预算表",
                "部门名称：上海市普陀区财政局",
                "2024年度",
                footer,
            ],
        )
        for n in range(1, 7)
    ]
    titles = [(n, "收入预算表", "收入预算表") for n in range(1, 7, 2)]
    identity = read_identity(pages, titles, "x.pdf")
    assert identity.fiscal_year == 2024
    assert [(m.kind, m.fiscal_year) for m in dissent_mentions(identity)] == [
        ("running_header", 2023)
    ]


def test_a_narrative_region_is_an_administrative_locality() -> None:
    pages = [
        (1, ["某某学院", "2024年度部门决算"]),
        (3, ["学校地处西部地区。学院位于中心城区。办学条件良好。"]),
    ]
    assert read_identity(pages, [], "x.pdf").region is None


def test_a_short_department_after_the_year_on_a_cover_split_over_lines() -> None:
    identity = read_identity([(1, ["2025 年度江苏省教育", "厅决算公开"])], [], "x.pdf")
    assert (identity.department, identity.fiscal_year, identity.doc_kind) == (
        "江苏省教育厅",
        2025,
        "final_accounts",
    )


def test_contents_on_a_first_page_without_a_cover() -> None:
    pages = [
        (
            1,
            [
                "目录",
                "一、2018年度江苏省高级人民法院收支预算总表……3",
                "二、2018年度江苏省高级人民法院收入预算总表……4",
            ],
        )
    ]
    identity = read_identity(pages, [], "x.pdf")
    assert identity.department == "江苏省高级人民法院"
    assert identity.source_of("department") == "contents"


def test_a_short_prose_page_states_the_region_and_the_year() -> None:
    pages = [
        (1, ["西南大学", "2024年度部门决算"]),
        (2, ["西南大学是教育部直属的全国重点大学。学校主体位于重庆市北碚区。"]),
        (3, ["我校2024年收入决算为10万元，支出决算为10万元。"]),
    ]
    identity = read_identity(pages, [], "x.pdf")
    assert identity.region == "重庆市北碚区"
    assert identity.source_of("fiscal_year") == "cover+narrative"
