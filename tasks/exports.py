"""The ledger (督办台账) as .xlsx or .csv, over a filtered task queryset.

Callers pass `TaskFilterSet(...).qs` built on `task_list(actor=...)`, so an
export holds exactly the rows of the list it comes from, with the same
permissions. Rows are read in chunks (`iterator(chunk_size=…)` keeps the
assignments prefetch per chunk) and the latest progress report comes from
subqueries, so 10,000 tasks cost a handful of queries and bounded memory.
The workbook is written in openpyxl's write-only mode: one sheet per document.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .choices import AssignmentRole, TaskStatus, WarningLevel
from .models import ProgressReport, Task

CHUNK = 2000
HEADERS = ["序号", "文件/文号", "任务编号", "任务内容", "牵头单位", "责任单位", "完成时限", "最新进展", "状态", "预警"]
WIDTHS = [6, 30, 9, 60, 22, 28, 13, 50, 10, 8]
DATE_COLUMN = HEADERS.index("完成时限")
STATUS_LABELS = dict(TaskStatus.choices)
WARNING_LABELS = dict(WarningLevel.choices)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def with_latest_report(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate the latest report's month, agency and text (any agency's), as subqueries."""
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-period", "-submitted_at", "-id")
    return qs.annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        latest_agency=Subquery(
            latest.annotate(who=Coalesce(NullIf("agency__short_name", Value("")), "agency__name")).values("who")[:1]
        ),
        latest_content=Subquery(latest.values("content")[:1]),
    )


def ledger_queryset(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Grouped by document (a sheet each), in the order the plan prints the tasks."""
    return with_latest_report(qs).order_by("document__year", "document_id", "plan__order", "order", "id")


def _names(task: Task, role: str) -> str:
    return "、".join(str(a.agency) for a in task.assignments.all() if a.role == role)


def _latest(task: Task) -> str:
    if not task.latest_content:
        return ""
    period = task.latest_period
    return f"{period.year}年{period.month}月 {task.latest_agency}：{task.latest_content}"


def _document_label(document) -> str:
    return f"{document.title}（{document.doc_number}）" if document.doc_number else document.title


def ledger_rows(qs: QuerySet[Task]) -> Iterator[tuple[object, list]]:
    """(document, row values) per task; the row's 序号 restarts with each document."""
    number, current = 0, None
    for task in ledger_queryset(qs).iterator(chunk_size=CHUNK):
        if task.document_id != current:
            number, current = 0, task.document_id
        number += 1
        warning = getattr(task, "warning", "")
        yield task.document, [
            number,
            _document_label(task.document),
            task.number,
            task.text,
            _names(task, AssignmentRole.LEAD),
            _names(task, AssignmentRole.CO),
            task.deadline or task.deadline_text,
            _latest(task),
            STATUS_LABELS.get(task.status, task.status),
            "" if task.status == TaskStatus.SIGNED_OFF else WARNING_LABELS.get(warning, ""),
        ]


def _sheet_title(document, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("", document.doc_number or document.title or "台账").strip("'")[:28] or "台账"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:26]}_{n}"
    used.add(title)
    return title


class _Styles:
    def __init__(self):
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="F2DCDB")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="top")


def _new_sheet(wb: Workbook, title: str, styles: _Styles):
    ws = wb.create_sheet(title=title)
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = styles.header_font, styles.header_fill, styles.center
        header.append(cell)
    ws.append(header)
    return ws


def _row_cells(ws, values: list, styles: _Styles) -> list:
    cells = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(ws, value=value)
        if index == DATE_COLUMN and isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = styles.center
        else:
            cell.alignment = styles.wrap
        cells.append(cell)
    return cells


def write_xlsx(qs: QuerySet[Task], out) -> int:
    """Write the ledger workbook to a binary file object; returns the number of tasks."""
    wb = Workbook(write_only=True)
    styles, used, ws, current, count = _Styles(), set(), None, None, 0
    for document, values in ledger_rows(qs):
        if document.pk != current:
            ws, current = _new_sheet(wb, _sheet_title(document, used), styles), document.pk
        ws.append(_row_cells(ws, values, styles))
        count += 1
    if ws is None:
        ws = _new_sheet(wb, "督办台账", styles)
        ws.append(["（没有符合条件的任务）"])
    wb.save(out)
    return count


def xlsx_file(qs: QuerySet[Task]):
    """The workbook in a spooled temporary file (memory up to 8 MB, then disk), rewound."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(qs, out)
    out.seek(0)
    return out


class _Echo:
    def write(self, value):
        return value


def csv_lines(qs: QuerySet[Task]) -> Iterable[str]:
    """CSV lines with a BOM first, so that Excel opens the Chinese text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for _document, values in ledger_rows(qs):
        date = values[DATE_COLUMN]
        if isinstance(date, datetime.date):
            values[DATE_COLUMN] = date.isoformat()
        yield writer.writerow(values)
