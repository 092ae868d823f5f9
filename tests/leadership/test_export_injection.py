"""Ledger exports cannot run code: text starting with = + - @ tab or CR is written as text (OWASP)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from fangguanfu.cells import safe_cell
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE_TASK = '=HYPERLINK("http://evil.example/","点我")'


@pytest.fixture
def hostile(agency_a):
    agency_a.short_name = "@SUM(1+1)"
    agency_a.save()
    section = factories.SectionFactory(plan=factories.PlanFactory(document=factories.DocumentFactory(
        title="+1+1 分工方案", doc_number="")))
    first = factories.task_with(lead=[agency_a], section=section, number="-1", order=1, text=HOSTILE_TASK)
    factories.task_with(lead=[agency_a], section=section, number="2", order=2, text="=1+1", deadline=None,
                        deadline_text="\t=2+2")
    factories.ReportFactory(task=first, agency=agency_a, period=datetime.date(2021, 9, 1), content="=1+1")
    return first


def test_xlsx_has_no_formula_cells_and_keeps_the_text(client, office_user, hostile):
    client.force_login(office_user)
    response = client.get("/dashboard/export.xlsx")
    sheets = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets  # 汇总 and the ledger
    cells = [cell for ws in sheets for row in ws.iter_rows(min_row=2) for cell in row if cell.value is not None]
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells]
    assert HOSTILE_TASK in values and "=1+1" in values and "@SUM(1+1)" in values and "+1+1 分工方案" in values
    assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value[0] in "=+-@\t\r")


def test_csv_cells_that_a_spreadsheet_would_evaluate_start_with_an_apostrophe(client, office_user, hostile):
    client.force_login(office_user)
    response = client.get("/dashboard/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for text in (HOSTILE_TASK, "=1+1", "@SUM(1+1)", "+1+1 分工方案", "-1", "\t=2+2"):
        assert "'" + text in cells
    assert "2021年9月 @SUM(1+1)：=1+1" in cells  # the month label comes first: already harmless


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+86 731", "'+86 731"), ("-3", "'-3"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("推进 =1", "推进 =1"), ("", ""), (None, None), (3, 3), (datetime.date(2021, 9, 30), datetime.date(2021, 9, 30)),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
