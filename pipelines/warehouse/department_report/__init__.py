"""``fiscal report DEPARTMENT``: one department's figures as a static HTML page.

The page reads the analysts' views (``v_expenditure_by_function``, ``v_expenditure_yoy``,
``v_three_public_trend``, ``v_economic_structure``, ``v_budget_execution``) and the failed
checks of the department's documents, and links every figure to the page of the file it
was printed on. Amounts are printed from the warehouse's decimals, never through a float
(floats are only the charts' coordinates). plotly.js is inlined once, so the page needs no
network. A warehouse whose schema is older than these views is refused
(:class:`OutdatedSchema`): the next ``fiscal ingest`` brings it up to date.

The modules: ``departments`` (which department), ``views`` (what the page reads),
``sources`` (documents and the links to where figures were printed), ``formatting`` and
``charts``, one module per section (``header``, ``expenditure``, ``year_on_year``,
``three_public``, ``economic_structure``, ``execution``, ``findings``), and ``page``.
"""

from pipelines.warehouse.department_report.departments import UnknownDepartment, find_department
from pipelines.warehouse.department_report.page import Report, department_report
from pipelines.warehouse.department_report.views import OutdatedSchema

__all__ = [
    "OutdatedSchema",
    "Report",
    "UnknownDepartment",
    "department_report",
    "find_department",
]
