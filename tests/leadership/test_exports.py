"""Ledger exports: opened with openpyxl / csv, checked for headers, rows, dates, permissions and filters."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from leadership.exports import HEADERS
from tasks.choices import TaskStatus
from tasks.models import Task
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(agency_a, agency_b):
    """Two documents; a task of A with a report, one of B, one shared; one signed-off."""
    doc1 = factories.SectionFactory(plan=factories.PlanFactory(document=factories.DocumentFactory(
        doc_number="湘政办函〔2021〕29号", title="重点任务分工方案")))
    doc2 = factories.SectionFactory(plan=factories.PlanFactory(document=factories.DocumentFactory(
        doc_number="湘政办发〔2021〕7号", title="营商环境分工方案")))
    t1 = factories.task_with(lead=[agency_a], co=[agency_b], section=doc1, number="1", order=1,
                             deadline=datetime.date(2021, 9, 30), text="推进“一件事一次办”。")
    factories.ReportFactory(task=t1, agency=agency_a, period=datetime.date(2021, 8, 1), content="八月进展")
    factories.ReportFactory(task=t1, agency=agency_b, period=datetime.date(2021, 9, 1), content="九月进展")
    t2 = factories.task_with(lead=[agency_b], section=doc1, number="2", order=2, deadline=None,
                             deadline_text="长期坚持", status=TaskStatus.IN_PROGRESS, text="开展营商环境评价。")
    t3 = factories.task_with(lead=[agency_a], section=doc2, number="1", order=1,
                             deadline=datetime.date(2021, 6, 30), status=TaskStatus.SIGNED_OFF,
                             signed_off_at=datetime.datetime(2021, 6, 20, tzinfo=datetime.UTC))
    return {"t1": t1, "t2": t2, "t3": t3}


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_xlsx_has_a_sheet_per_document_with_headers_dates_and_latest_report(client, office_user, ledger):
    client.force_login(office_user)
    wb = _workbook(client.get("/dashboard/export.xlsx"))
    assert wb.sheetnames == ["汇总", "湘政办函〔2021〕29号", "湘政办发〔2021〕7号"]
    _summary, first, second = wb.worksheets
    assert [c.value for c in first[1]] == HEADERS
    assert all(c.font.bold for c in first[1])
    assert first.freeze_panes == "A2"
    assert first.column_dimensions["D"].width >= 40
    rows = _rows(first)
    assert [r[:3] for r in rows] == [[1, "重点任务分工方案（湘政办函〔2021〕29号）", "1"],
                                     [2, "重点任务分工方案（湘政办函〔2021〕29号）", "2"]]
    one, two = rows
    assert one[3] == "推进“一件事一次办”。"
    assert one[4] == "省政务局" and one[5] == "省司法厅"
    assert isinstance(one[6], datetime.datetime) and one[6].date() == datetime.date(2021, 9, 30)
    assert first["G2"].is_date and first["G2"].number_format == "yyyy-mm-dd"
    assert first["D2"].alignment.wrap_text
    assert one[7] == "2021年9月 省司法厅：九月进展"  # the latest report, whoever wrote it
    assert one[8] == "未启动"
    assert two[6] == "长期坚持" and two[7] is None and two[8] == "推进中"
    (three,) = _rows(second)
    assert three[8] == "已销号" and three[9] is None  # a signed-off task carries no warning
    assert [r[9] for r in rows] != [None, None]


def test_xlsx_follows_the_list_filters(client, office_user, ledger):
    client.force_login(office_user)
    wb = _workbook(client.get("/dashboard/export.xlsx", {"status": TaskStatus.SIGNED_OFF}))
    assert wb.sheetnames == ["汇总", "湘政办发〔2021〕7号"]
    wb = _workbook(client.get("/dashboard/export.xlsx", {"document": ledger["t1"].document_id, "q": "营商环境"}))
    assert [r[2] for r in _rows(wb.worksheets[1])] == ["2"]


def test_agency_exports_only_its_own_tasks(client, liaison_b, ledger):
    client.force_login(liaison_b)
    wb = _workbook(client.get("/dashboard/export.xlsx"))
    numbers = sorted((ws.title, r[2]) for ws in wb.worksheets[1:] for r in _rows(ws))
    assert numbers == [("湘政办函〔2021〕29号", "1"), ("湘政办函〔2021〕29号", "2")]


def test_agency_cannot_widen_its_export_with_filters(client, liaison_b, agency_a, ledger):
    client.force_login(liaison_b)
    wb = _workbook(client.get("/dashboard/export.xlsx", {"document": ledger["t3"].document_id}))
    assert wb.sheetnames == ["汇总", "督办台账"] and _rows(wb.worksheets[1])[0][0] == "（没有符合条件的任务）"


def test_invalid_filter_is_a_clear_400(client, office_user, ledger):
    client.force_login(office_user)
    response = client.get("/dashboard/export.xlsx", {"status": "nonsense"})
    assert response.status_code == 400
    assert "状态" in response.content.decode()


def test_csv(client, leader_user, ledger):
    client.force_login(leader_user)
    response = client.get("/dashboard/export.csv", {"document": ledger["t1"].document_id})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == HEADERS
    assert [r[2] for r in rows[1:]] == ["1", "2"]
    assert rows[1][6] == "2021-09-30" and rows[2][6] == "长期坚持"


def test_export_of_many_tasks_takes_few_queries(client, office_user, agency_a, django_assert_max_num_queries):
    section = factories.SectionFactory()
    tasks = [Task(document=section.plan.document, plan=section.plan, section=section, number=str(i), order=i,
                  text=f"任务{i}") for i in range(1, 301)]
    Task.objects.bulk_create(tasks)
    client.force_login(office_user)
    with django_assert_max_num_queries(12):
        wb = _workbook(client.get("/dashboard/export.xlsx"))
    assert len(_rows(wb.worksheets[1])) == 300


def test_summary_sheet_new_columns_autofilter_and_print_setup(client, office_user, ledger, agency_a):
    """The 台账 as filed: 汇总 per document and lead agency, 完成进度 and 销号时间, filters, printable."""
    factories.ReportFactory(task=ledger["t1"], agency=agency_a, period=datetime.date(2021, 9, 1), percent=60,
                            content="九月进展（省政务局）")
    client.force_login(office_user)
    wb = _workbook(client.get("/dashboard/export.xlsx"))
    summary = wb["汇总"]
    lines = {(r[0], r[1]): r[2:] for r in summary.iter_rows(min_row=2, values_only=True)}
    # 任务数, 已销号, 逾期, 应完成, 按时完成, 按时完成率: t3 was signed off on 20 June, deadline 30 June.
    # t1 (due 30 September 2021) is overdue today; t2 has no deadline.
    assert lines["合计", "全部任务"] == (3, 1, 1, 2, 1, "50.0%")
    assert lines["文件", "营商环境分工方案（湘政办发〔2021〕7号）"] == (1, 1, 0, 1, 1, "100.0%")
    assert lines["牵头单位", "省政务局"][:2] == (2, 1) and lines["牵头单位", "省司法厅"][:2] == (1, 0)
    first, second = wb.worksheets[1:]
    assert first["F1"].value == "配合单位" and HEADERS[-4:] == ["预警", "预警原因", "完成进度", "销号时间"]
    one = _rows(first)[0]
    assert one[7] == "2021年9月 省政务局：九月进展（省政务局）" and one[11] == "60%" and one[12] is None
    signed = _rows(second)[0]
    assert signed[12] == datetime.datetime(2021, 6, 20, 8, 0)  # 00:00 UTC is 08:00 in Beijing
    assert second["M2"].number_format == "yyyy-mm-dd hh:mm"
    for ws in (summary, first, second):
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
    assert first.auto_filter.ref == "A1:M3" and second.auto_filter.ref == "A1:M2"
    assert summary.auto_filter.ref == f"A1:H{summary.max_row}"
