"""The ledger (督办台账) as .xlsx or .csv, over a filtered task queryset.

Callers pass `TaskFilterSet(...).qs` built on `task_list(actor=...)`, so an
export holds exactly the rows of the list it comes from, with the same
permissions. Rows are read in chunks (`iterator(chunk_size=…)` keeps the
assignments prefetch per chunk) and the latest progress report comes from
subquery (its text one query per chunk), so 10,000 tasks cost a handful of
queries and bounded memory.
The workbook is written in openpyxl's write-only mode: a 汇总 sheet, then one sheet per document, each with an
autofilter and print setup (landscape A4, header row repeated, one page wide).
"""

import csv
import datetime
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from agencies.roles import Actor
from fangguanfu.cells import safe_cell, xlsx_text_cell
from reporting.models import ProgressReport
from reporting.visibility import visible_reports
from tasks.choices import AssignmentRole, TaskStatus, WarningLevel
from tasks.models import Assignment, Task
from tasks.warnings import row_warning, warning_context, warning_context_of

from .ledger_summary import SUMMARY_HEADERS, SUMMARY_WIDTHS, summary_lines

CHUNK = 2000
# 配合单位 as the task and document pages call them; 预警原因 in words (序时进度); 完成进度 from the latest
# report, 销号时间 in Beijing time.
HEADERS = ["序号", "文件/文号", "任务编号", "任务内容", "牵头单位", "配合单位", "完成时限", "最新进展", "状态", "预警",
           "预警原因", "完成进度", "销号时间"]
WIDTHS = [6, 30, 9, 60, 22, 28, 13, 50, 10, 8, 24, 10, 17]
DATE_COLUMN = HEADERS.index("完成时限")
SIGNED_COLUMN = HEADERS.index("销号时间")
STATUS_LABELS = dict(TaskStatus.choices)
WARNING_LABELS = dict(WarningLevel.choices)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def with_latest_report(qs: QuerySet[Task], actor: Actor) -> QuerySet[Task]:
    """Annotate the id of the latest report the actor may see (reporting/visibility.py: never a draft
    awaiting its head, nor another agency's text for a co-responsible agency): one subquery, its text
    fetched per chunk."""
    latest = visible_reports(actor).filter(task=OuterRef("pk")).order_by("-period", "-submitted_at", "-id")
    return qs.annotate(latest_report_id=Subquery(latest.values("id")[:1]))


FIELDS = ("id", "document_id", "document__title", "document__doc_number", "number", "text", "deadline",
          "deadline_text", "status", "latest_report_id", "signed_off_at")


def ledger_queryset(qs: QuerySet[Task], actor: Actor) -> QuerySet:
    """Plain rows grouped by document (a sheet each), in the order the plan prints the tasks.

    Dicts, not model instances: building 100,000 Task/Document/Assignment/Agency
    objects for 10,000 rows costs more than all the SQL.
    """
    qs = with_latest_report(qs, actor).select_related(None).prefetch_related(None)
    warned = ("has_report_this_month", "sched_used", "sched_span", "progress_percent")
    fields = FIELDS + (warned if "has_report_this_month" in qs.query.annotations else ())
    return qs.order_by("document__year", "document_id", "plan__order", "order", "id").values(*fields)


def _agencies(rows: list[dict]) -> dict[tuple[int, str], str]:
    """(task id, role) → “省政务局、省司法厅” for a chunk of rows (one query)."""
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    assignments = (
        Assignment.objects.filter(task_id__in=[r["id"] for r in rows]).order_by("task_id", "-role", "id")
        .values_list("task_id", "role", "agency__short_name", "agency__name")
    )
    for task_id, role, short, name in assignments:
        names[task_id, role].append(short or name)
    return {key: "、".join(value) for key, value in names.items()}


def _reports(rows: list[dict]) -> dict[int, tuple[str, str]]:
    """Latest report of each task in a chunk: (“2021年9月 省政务局：…”, “80%”) (one query)."""
    ids = [r["latest_report_id"] for r in rows if r["latest_report_id"]]
    reports = ProgressReport.objects.filter(id__in=ids).values_list(
        "id", "period", "content", "agency__short_name", "agency__name", "percent"
    )
    return {pk: (f"{period.year}年{period.month}月 {short or name}：{content}", "" if percent is None else f"{percent}%")
            for pk, period, content, short, name, percent in reports}


def _chunks(rows: Iterable[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _warning_cells(ctx, row: dict) -> list[str]:
    """预警 and 预警原因: the colour and reason the task list shows (tasks.warnings.row_warning)."""
    if ctx is None or row["status"] == TaskStatus.SIGNED_OFF:
        return ["", ""]
    level, reason = row_warning(ctx, row)
    return [WARNING_LABELS[level], reason]


def ledger_rows(qs: QuerySet[Task], actor: Actor) -> Iterator[tuple[dict, list]]:
    """(row, values) per task; the 序号 restarts with each document."""
    number, current = 0, None
    ctx = warning_context_of(qs)  # None for a queryset without warnings: the column stays empty
    for chunk in _chunks(ledger_queryset(qs, actor).iterator(chunk_size=CHUNK)):
        agencies, reports = _agencies(chunk), _reports(chunk)
        for row in chunk:
            if row["document_id"] != current:
                number, current = 0, row["document_id"]
            number += 1
            title, doc_number = row["document__title"], row["document__doc_number"]
            yield row, [
                number,
                f"{title}（{doc_number}）" if doc_number else title,
                row["number"],
                row["text"],
                agencies.get((row["id"], AssignmentRole.LEAD.value), ""),
                agencies.get((row["id"], AssignmentRole.CO.value), ""),
                row["deadline"] or row["deadline_text"],
                reports.get(row["latest_report_id"], ("", ""))[0],
                STATUS_LABELS.get(row["status"], row["status"]),
                *_warning_cells(ctx, row),
                reports.get(row["latest_report_id"], ("", ""))[1],
                _local(row["signed_off_at"]) if row["status"] == TaskStatus.SIGNED_OFF else None,
            ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """Excel has no time zones: the Beijing wall-clock time, naive."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def _sheet_title(row: dict, used: set[str]) -> str:
    name = row["document__doc_number"] or row["document__title"] or "台账"
    base = _SHEET_FORBIDDEN.sub("", name).strip("'")[:28] or "台账"
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


def _print_setup(ws) -> None:
    """Landscape A4, the header row on every page, as wide as one page (as many pages down as it takes)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"


def _new_sheet(wb: Workbook, title: str, styles: _Styles, headers=HEADERS, widths=WIDTHS):
    ws = wb.create_sheet(title=title)
    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.freeze_panes = "A2"
    _print_setup(ws)
    header = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = styles.header_font, styles.header_fill, styles.center
        header.append(cell)
    ws.append(header)
    return ws


WRAPPED = {HEADERS.index(h) for h in ("文件/文号", "任务内容", "牵头单位", "配合单位", "最新进展")}


def _row_cells(ws, values: list, styles: _Styles) -> list:
    """Styled cells only where needed (long text wraps, dates): styling every cell doubles the time.
    Every text is a string cell, never a formula (fangguanfu/cells.py)."""
    cells = [xlsx_text_cell(ws, value) if isinstance(value, str) else value for value in values]
    for index in WRAPPED:
        cell = cells[index] if isinstance(values[index], str) else WriteOnlyCell(ws, value=values[index])
        cell.alignment = styles.wrap
        cells[index] = cell
    if isinstance(values[DATE_COLUMN], datetime.date):
        cell = WriteOnlyCell(ws, value=values[DATE_COLUMN])
        cell.number_format = "yyyy-mm-dd"
        cells[DATE_COLUMN] = cell
    if values[SIGNED_COLUMN] is not None:
        cell = WriteOnlyCell(ws, value=values[SIGNED_COLUMN])
        cell.number_format = "yyyy-mm-dd hh:mm"
        cells[SIGNED_COLUMN] = cell
    return cells


def _close_sheet(ws, rows: int) -> None:
    """The autofilter spans the header and every row written (known only now)."""
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{rows + 1}"


def _summary_sheet(wb: Workbook, qs: QuerySet[Task], styles: _Styles) -> None:
    ws = _new_sheet(wb, "汇总", styles, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    lines = summary_lines(qs, warning_context_of(qs) or warning_context())
    for line in lines:  # document titles and agency names are text from uploads: never formulas
        ws.append([xlsx_text_cell(ws, value) if isinstance(value, str) else value for value in line])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_HEADERS))}{len(lines) + 1}"


def write_xlsx(qs: QuerySet[Task], out, *, actor: Actor) -> int:
    """Write the ledger workbook to a binary file object; returns the number of tasks."""
    wb = Workbook(write_only=True)
    styles, used, ws, current, count, in_sheet = _Styles(), {"汇总"}, None, None, 0, 0
    _summary_sheet(wb, qs, styles)
    for row, values in ledger_rows(qs, actor):
        if row["document_id"] != current:
            if ws is not None:
                _close_sheet(ws, in_sheet)
            ws, current, in_sheet = _new_sheet(wb, _sheet_title(row, used), styles), row["document_id"], 0
        ws.append(_row_cells(ws, values, styles))
        count += 1
        in_sheet += 1
    if ws is not None:
        _close_sheet(ws, in_sheet)
    if ws is None:
        ws = _new_sheet(wb, "督办台账", styles)
        ws.append(["（没有符合条件的任务）"])
    wb.save(out)
    return count


def xlsx_file(qs: QuerySet[Task], *, actor: Actor):
    """The workbook in a spooled temporary file (memory up to 8 MB, then disk), rewound."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(qs, out, actor=actor)
    out.seek(0)
    return out


class _Echo:
    def write(self, value):
        return value


def csv_lines(qs: QuerySet[Task], *, actor: Actor) -> Iterable[str]:
    """CSV lines with a BOM first, so that Excel opens the Chinese text as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for _row, values in ledger_rows(qs, actor):
        date = values[DATE_COLUMN]
        if isinstance(date, datetime.date):
            values[DATE_COLUMN] = date.isoformat()
        if values[SIGNED_COLUMN] is not None:
            values[SIGNED_COLUMN] = values[SIGNED_COLUMN].strftime("%Y-%m-%d %H:%M")
        yield writer.writerow([safe_cell(value) for value in values])
