"""Synthetic 决算 and 预算 publications with a known truth (issue 9, item 5).

``write(seed, out_dir)`` draws one publication: a department (a real-looking locality of
several provinces and an organisation word, or a university of the central template), a
fiscal year 2015-2026, a kind (budget / final_accounts), internally consistent figures
(every identity of the domain notes holds exactly, in integer cents, multiples of 100
yuan where a table prints 万元), its standard tables drawn as real publications print
them, and ``NAME.truth.json`` with every printed figure. Deterministic per seed
(``random.Random(seed)``, reportlab's invariant mode).

The variation axes (``axes.AXES``; each chosen by the seed, recorded in the truth file):

- ``template``: local (nine tables: summary, income, expenditure, appropriation_summary,
  gpb_expenditure, gpb_basic_expenditure, gov_fund, state_capital, three_public) or
  central (中央部门 universities: 表1：高等学校收支决算总表 .. 表4：高等学校财政拨款支出决算表,
  budgets X大学收支预算总表 .., ``单位名称：X大学   单位：万元`` above each table);
- ``doc_kind``: final_accounts / budget;
- ``cover``: none (tables only: 部门名称 line, a separate 2021年度 line, titles without the
  year), dept_then_year, dept_year_line (X 2024 年度部门决算), year_then_dept, split
  (2018 年度江苏省高级 / 人民法院预算公开);
- ``toc``: a contents page whose lines name the department (一、2018年度X收支预算总表 .... 3);
- ``title_identity``: titles with year and department (2018年度X收支预算总表);
- ``name_line``: 部门名称：X / 单位名称：X above each table;
- ``running_header``: X2024年度部门决算 at the top of every page;
- ``numbering``: 公开01表 / 表一 / 表1：… / 附表1 / none;
- ``units``: 万元 / 元 / mixed (tables in 元, 三公 in 万元); ``thousands``: 2,940.05;
- ``code_columns``: 1 (2010301) or 3 (201 | 03 | 01 under 类 款 项);
- ``sub_columns``: 事业收入 金额 | 其中：教育收费, 项目支出 小计 | 其中：基本建设资金支出;
- ``income_carryover``: income columns 上年结转 and 使用非财政拨款结余;
- ``summary_layout``: side_by_side (one row holds both sides) / stacked blocks;
- ``basic_groups``: the basic-expenditure table in 1, 2 or 4 side-by-side groups;
- ``page_split``: none / repeat_header / no_header (long tables broken over pages);
- ``wrap``: none / middle / top (long names over 2-3 lines, figures on the middle or
  first line);
- ``wide_pages``: landscape / rotate90 (portrait pages with /Rotate 90, drawn turned);
- ``font``: cid (STSong-Light, not embedded) / ttf (WenQuanYi Micro Hei embedded as a
  subset; from Debian's fonts-wqy-microhei; absent -> cid, with a message in ``skipped``);
- ``header_merge``: merged header cells (group labels over sub-columns, labels over two
  header rows) or one header row where the table allows;
- ``zero_cells``: a zero printed empty / as 0.00;
- ``ruling``: full / horizontal_one (one table, ``details.horizontal_table``, ruled only
  horizontally);
- ``gov_fund``: the 政府性基金 table empty (本表无数据) or with figures;
- ``unit_line``: (central template) the unit's own line under 合计 in the coded tables,
  its 6-digit unit code and name (105236 西南大学), no classification code.

Axes a template has no use for are ``n/a``. CLI: ``scripts/generate_publications.py``.
"""

from tests.generator.axes import AXES, choose_axes
from tests.generator.publication import Publication, plan, write
from tests.generator.truth import Comparison, expected_facts, found_facts, read_truth

__all__ = [
    "AXES",
    "Comparison",
    "Publication",
    "choose_axes",
    "expected_facts",
    "found_facts",
    "plan",
    "read_truth",
    "write",
]
