"""Excel ledger import: a valid ledger through preview and confirm; broken ones refused, nothing written."""

import datetime
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from documents.models import Document
from importing.ledger_import import LedgerError, ledger_import, ledger_read
from tasks.choices import AssignmentRole, EventKind
from tasks.models import Assignment, Task, TaskEvent
from tests import factories

pytestmark = pytest.mark.django_db
HEADER = ["任务编号", "部分", "任务内容", "牵头单位", "责任单位", "完成时限"]


@pytest.fixture
def units(agency_a, agency_b):
    factories.AliasFactory(agency=agency_b, name="司法厅")
    return agency_a, agency_b


def workbook(*sheets) -> bytes:
    """sheets: (name, meta rows, header, rows)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, meta, header, rows in sheets:
        ws = wb.create_sheet(name)
        for row in meta:
            ws.append(row)
        ws.append(header)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def valid_ledger() -> bytes:
    return workbook(
        ("方案一", [["文件标题：", "湖南省2021年政务服务改革任务分工方案"], ["文号", "湘政办函〔2021〕50号"]], HEADER, [
            ["1", "一、优化政务服务", "推进“一件事一次办”。", "省政务局", "司法厅", datetime.date(2021, 9, 30)],
            ["2", "一、优化政务服务", "推行证明事项告知承诺制。", "省司法厅", "", "2021年12月底前"],
            [None, None, None, None, None, None],
            ["3", "二、强化监管", "开展“双随机、一公开”监管。", "省司法厅、省政务局", "", "9月底前"],
        ]),
        ("方案二", [["文件标题：湖南省2021年营商环境任务清单"]], ["序号", "任务内容", "牵头单位", "完成时限"], [
            [1, "建设营商环境评价体系。", "省政务局", "长期坚持"],
        ]),
    )


def test_valid_ledger_is_read_into_documents(units):
    ledger = ledger_read(valid_ledger())
    assert ledger.errors == [] and ledger.unresolved == {}
    first, second = ledger.sheets
    assert first.parsed.title == "湖南省2021年政务服务改革任务分工方案"
    assert first.parsed.doc_number == "湘政办函〔2021〕50号" and first.parsed.year == 2021
    assert [r.row for r in first.rows] == [4, 5, 7]  # the empty row is skipped, rows keep their Excel numbers
    deadlines = [r.task.deadline for r in first.rows]
    assert deadlines == [datetime.date(2021, 9, 30), datetime.date(2021, 12, 31), datetime.date(2021, 9, 30)]
    assert [s.number for s in first.parsed.plans[0].sections] == ["一", "二"]
    assert first.rows[2].task.lead == ["省司法厅", "省政务局"]
    assert second.parsed.doc_number is None and second.rows[0].task.deadline is None
    assert second.rows[0].task.deadline_text == "长期坚持"


def test_valid_ledger_imports_through_document_import(units, office_user):
    agency_a, agency_b = units
    documents = ledger_import(ledger=ledger_read(valid_ledger()), user=office_user, source_filename="台账.xlsx")
    assert [d.title for d in documents] == ["湖南省2021年政务服务改革任务分工方案", "湖南省2021年营商环境任务清单"]
    tasks = list(Task.objects.filter(document=documents[0]).order_by("order"))
    assert [t.number for t in tasks] == ["1", "2", "3"]
    assert tasks[0].deadline == datetime.date(2021, 9, 30) and tasks[0].section.number == "一"
    assert set(Assignment.objects.filter(task=tasks[0]).values_list("agency_id", "role")) == {
        (agency_a.pk, AssignmentRole.LEAD), (agency_b.pk, AssignmentRole.CO)}
    assert TaskEvent.objects.filter(kind=EventKind.IMPORTED).count() == 4
    assert "推进“一件事一次办”。" in documents[0].original_text


def assert_refused(data: bytes, *patterns: str):
    with pytest.raises(LedgerError) as exc:
        ledger_import(ledger=ledger_read(data), user=None, source_filename="bad.xlsx")
    message = "\n".join(exc.value.errors)
    for pattern in patterns:
        assert re.search(pattern, message), message
    assert Document.objects.count() == 0 and Task.objects.count() == 0 and Assignment.objects.count() == 0
    return message


def test_missing_column(units):
    header = ["任务编号", "任务内容", "牵头单位"]
    data = workbook(("台账", [["文件标题：某方案"]], header, [["1", "任务", "省政务局"]]))
    assert_refused(data, r"工作表“台账”第2行（表头）缺少必需的列：完成时限")


def test_bad_date(units):
    data = workbook(("台账", [["文件标题：某方案"]], HEADER, [
        ["1", "", "任务一", "省政务局", "", "2021年9月底前"],
        ["2", "", "任务二", "省政务局", "", "下个月吧"],
        ["3", "", "任务三", "省政务局", "", "2021-02-30"],
    ]))
    assert_refused(data, r"工作表“台账”第4行：完成时限“下个月吧”无法识别", r"第5行：完成时限“2021-02-30”无法识别")


def test_unknown_agency(units):
    data = workbook(("台账", [["文件标题：某方案"]], HEADER, [
        ["1", "", "任务一", "省政务局", "省不存在厅", "2021年9月底前"],
        ["2", "", "任务二", "省不存在厅", "", "2021年9月底前"],
    ]))
    assert_refused(data, r"工作表“台账”第3行、第4行：责任单位“省不存在厅”在系统中不存在")


def test_one_bad_sheet_stops_every_sheet(units):
    good = ("好", [["文件标题：好方案"]], HEADER, [["1", "", "任务", "省政务局", "", "2021年9月底前"]])
    bad = ("坏", [["文件标题：坏方案"]], HEADER, [["1", "", "", "省政务局", "", "2021年9月底前"]])
    assert_refused(workbook(good, bad), r"工作表“坏”第3行：任务内容为空")


def test_not_an_excel_file():
    with pytest.raises(LedgerError, match="无法读取该文件"):
        ledger_read(b"plain text, not a workbook")


def test_title_from_the_form_for_a_single_sheet(units):
    data = workbook(("Sheet1", [], HEADER, [["1", "", "任务", "省政务局", "", "2021年9月底前"]]))
    assert "缺少文件标题" in ledger_read(data).errors[0]
    ledger = ledger_read(data, defaults={"title": "表单填写的标题", "doc_number": "湘政办函〔2021〕9号", "year": 2021})
    assert ledger.errors == [] and ledger.sheets[0].parsed.title == "表单填写的标题"


def test_duplicate_doc_number_refused_by_the_document_rules(units, office_user):
    ledger_import(ledger=ledger_read(valid_ledger()), user=office_user)
    from importing.services import DocumentImportError

    with pytest.raises(DocumentImportError, match="不能重复导入"):
        ledger_import(ledger=ledger_read(valid_ledger()), user=office_user)
    assert Document.objects.count() == 2


def test_template_downloads_and_imports_after_filling(client, office_user, units):
    client.force_login(office_user)
    response = client.get("/dashboard/ledger/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["任务台账"][4]] == HEADER
    ledger = ledger_read(response.content)
    assert ledger.errors == [] and ledger.task_count == 1  # the example row; the 填写说明 sheet is not read


def test_pages_upload_preview_confirm(client, office_user, units):
    client.force_login(office_user)
    upload = io.BytesIO(valid_ledger())
    upload.name = "台账.xlsx"
    response = client.post("/dashboard/ledger/import/", {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "确认导入 4 项任务" in html and "推行证明事项告知承诺制" in html
    assert Task.objects.count() == 0
    done = client.post(response["Location"])
    assert done.status_code == 302 and Task.objects.count() == 4


def test_pages_show_row_errors_and_write_nothing(client, office_user, units):
    client.force_login(office_user)
    data = workbook(("台账", [["文件标题：某方案"]], HEADER, [["1", "", "任务", "省政务局", "", "明年"]]))
    upload = io.BytesIO(data)
    upload.name = "台账.xlsx"
    response = client.post("/dashboard/ledger/import/", {"file": upload})
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "第3行：完成时限“明年”无法识别" in html and 'id="confirm-import" disabled' in html
    client.post(response["Location"])
    assert Task.objects.count() == 0


def test_unknown_agency_can_be_mapped_on_the_preview_like_document_import(client, office_user, units):
    agency_a, _ = units
    client.force_login(office_user)
    data = workbook(("台账", [["文件标题：某方案"]], HEADER, [["1", "", "任务", "政务局", "", "2021年9月底前"]]))
    upload = io.BytesIO(data)
    upload.name = "台账.xlsx"
    url = client.post("/dashboard/ledger/import/", {"file": upload})["Location"]
    html = client.get(url).content.decode()
    assert "政务局" in html and "第3行" in html
    refused = client.post(url)
    assert "请为“政务局”选择对应的单位" in refused.content.decode() and Task.objects.count() == 0
    client.post(url, {"map_0": str(agency_a.pk)})
    assert Assignment.objects.get().agency == agency_a


@pytest.mark.parametrize("who,status", [("liaison_a", 403), ("leader_user", 403)])
def test_only_office_may_import(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/dashboard/ledger/import/").status_code == status
    assert client.get("/dashboard/ledger/template.xlsx").status_code == status


def test_anonymous_import_goes_to_login(client):
    assert client.get("/dashboard/ledger/import/")["Location"].startswith("/accounts/login/")


def test_a_summary_sheet_is_never_read_as_tasks(units):
    """An exported 台账 starts with its 汇总 sheet; re-importing must not take those lines as tasks."""
    summary = ("汇总", [], ["类别", "名称", "任务数", "已销号", "逾期"], [["文件", "湖南省2021年政务服务改革任务分工方案", 3, 0, 1]])
    data = workbook(summary, ("方案一", [["文件标题：", "湖南省2021年政务服务改革任务分工方案"]], HEADER, [
        ["1", "一、优化政务服务", "推进“一件事一次办”。", "省政务局", "司法厅", datetime.date(2021, 9, 30)],
    ]))
    ledger = ledger_read(data)
    assert [(sheet.name, len(sheet.rows)) for sheet in ledger.sheets] == [("方案一", 1)] and not ledger.errors
