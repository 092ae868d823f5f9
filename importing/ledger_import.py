"""Excel ledgers (督办台账) → tasks, through the same import service as documents.

Offices that keep a plan in Excel upload it; each sheet is one document. The
rows become a `ParsedDocument` and go to `importing.services.document_import`,
so agency resolution, the duplicate-文号 rule, the timeline events and the
single transaction are those of document import. What is particular to a
ledger is checked here first, row by row, with messages naming the sheet and
the row; a ledger with any error writes nothing.

Sheet layout (see `ledger_template`): optional rows such as “文件标题：…”,
“文号：…”, “年度：…” above a header row; the header names the columns
(order free): 序号/任务编号, 部分, 任务内容, 牵头单位, 责任单位, 完成时限.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from agencies.resolve import resolve_names
from documents.parsing.clauses import split_names
from documents.parsing.deadlines import resolve_phrase
from documents.parsing.types import ParsedDocument, ParsedPlan, ParsedSection, ParsedTask
from importing.services import document_import

# Column → the headings offices use for it (compared without spaces and line breaks).
COLUMNS = {
    "number": ("任务编号", "编号", "序号"),
    "section": ("部分", "所属部分", "类别", "板块"),
    "text": ("任务内容", "工作任务", "重点任务", "具体任务"),
    "lead": ("牵头单位", "牵头部门"),
    "co": ("责任单位", "配合单位", "配合部门", "责任部门"),
    "deadline": ("完成时限", "完成时间", "时限要求", "时间节点"),
}
REQUIRED = {"text": "任务内容", "lead": "牵头单位", "deadline": "完成时限"}
META = {"title": ("文件标题", "文件名称", "方案名称", "标题"), "doc_number": ("文号",), "year": ("年度",)}
HEADER_SCAN_ROWS = 15
NO_DEADLINE = re.compile(r"^(长期坚持|长期|持续推进|持续开展|常态化推进|常态化)$")
ISO_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
SECTION = re.compile(r"^([一二三四五六七八九十]+)[、.．\s]\s*(.*)$")
MAX_LEDGER_BYTES = 10 * 1024 * 1024
NOTE_SHEETS = ("填写说明", "说明", "汇总")  # the template's instructions and the export's summary, never tasks


class LedgerError(Exception):
    """A ledger that cannot be imported; `errors` are shown to the office as they are."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class LedgerRow:
    sheet: str
    row: int
    task: ParsedTask

    @property
    def place(self) -> str:
        return f"工作表“{self.sheet}”第{self.row}行"


@dataclass
class LedgerSheet:
    name: str
    parsed: ParsedDocument
    rows: list[LedgerRow] = field(default_factory=list)

    def as_text(self) -> str:
        """The sheet as tab-separated lines: stored as the document's 原文."""
        head = [f"文件标题\t{self.parsed.title}", f"文号\t{self.parsed.doc_number or ''}",
                "任务编号\t部分\t任务内容\t牵头单位\t责任单位\t完成时限"]
        lines = [
            "\t".join([r.task.number, r.task.section or "", r.task.text, "、".join(r.task.lead), "、".join(r.task.co),
                       r.task.deadline_text or ""])
            for r in self.rows
        ]
        return "\n".join(head + lines)


@dataclass
class Ledger:
    sheets: list[LedgerSheet] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # name → places (工作表…第N行)
    ambiguous: dict = field(default_factory=dict)

    @property
    def task_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)

    @property
    def rows(self) -> list[LedgerRow]:
        return [r for s in self.sheets for r in s.rows]


def _key(value) -> str:
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """Index of the header row and column → position, or None when no row names 任务内容."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [_key(c) for c in row]
        if not any(k in COLUMNS["text"] for k in keys):
            continue
        found: dict[str, int] = {}
        for column, names in COLUMNS.items():
            for name in names:  # the first heading listed wins: 任务编号 before 序号
                if name in keys and column not in found:
                    found[column] = keys.index(name)
        return index, found
    return None


def _meta(rows: list[tuple]) -> dict[str, str]:
    """“文件标题：…” in one cell, or “文件标题” then the value in the next cell."""
    meta: dict[str, str] = {}
    for row in rows:
        cells = [_text(c) for c in row]
        for i, cell in enumerate(cells):
            for name, labels in META.items():
                label = next((lb for lb in labels if _key(cell).startswith(lb)), None)
                if label is None or name in meta:
                    continue
                rest = re.sub(rf"^{label}\s*[:：]?\s*", "", cell.strip())
                value = rest or next((c for c in cells[i + 1:] if c), "")
                if value:
                    meta[name] = value
    return meta


def _year(meta: dict[str, str], title: str) -> int | None:
    for text in (meta.get("year", ""), title):
        m = re.search(r"((?:19|20)\d{2})", text)
        if m:
            return int(m.group(1))
    return None


def _deadline(value, year: int | None) -> tuple[dt.date | None, str, bool]:
    """(date, text as printed, understood?) of a 完成时限 cell."""
    if isinstance(value, dt.datetime):
        return value.date(), f"{value:%Y-%m-%d}", True
    if isinstance(value, dt.date):
        return value, value.isoformat(), True
    text = _text(value)
    if not text:
        return None, "", True
    if isinstance(value, int | float):
        return None, text, False  # a bare number: not a date cell, not a phrase
    iso = ISO_DATE.match(text)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))), text, True
        except ValueError:
            return None, text, False
    if NO_DEADLINE.match(_key(text)):
        return None, text, True
    date = resolve_phrase(text, year)
    return date, text, date is not None


def _sections(names: list[str]) -> tuple[list[ParsedSection], dict[str, str]]:
    """部分 cells → sections, numbered as printed (一、…) or in order of first appearance."""
    sections: list[ParsedSection] = []
    numbers: dict[str, str] = {}
    for name in dict.fromkeys(n for n in names if n):
        m = SECTION.match(name)
        number, title = (m.group(1), m.group(2)) if m else (str(len(sections) + 1), name)
        sections.append(ParsedSection(number=number, title=title[:300]))
        numbers[name] = number
    return sections, numbers


def _read_sheet(ws, defaults: Mapping[str, object], single: bool, errors: list[str]) -> LedgerSheet | None:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    header = _find_header(rows)
    if header is None:
        errors.append(f"工作表“{ws.title}”：未找到表头行（应包含“任务内容”“牵头单位”“完成时限”等列）。")
        return None
    head_at, columns = header
    missing = [label for column, label in REQUIRED.items() if column not in columns]
    if missing:
        errors.append(f"工作表“{ws.title}”第{head_at + 1}行（表头）缺少必需的列：{'、'.join(missing)}。")
        return None
    meta = _meta(rows[:head_at])
    title = meta.get("title") or (str(defaults.get("title") or "") if single else "")
    if not title:
        errors.append(f"工作表“{ws.title}”：缺少文件标题，请在表头上方填写“文件标题：…”，或在上传页填写。")
        return None
    doc_number = meta.get("doc_number") or (str(defaults.get("doc_number") or "") if single else "")
    year = _year(meta, title) or (defaults.get("year") if single else None)
    return _sheet_tasks(ws.title, rows, head_at, columns, title.strip(), doc_number.strip(), year, errors)


def _cell(row: tuple, columns: dict[str, int], name: str):
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else None


def _sheet_tasks(sheet, rows, head_at, columns, title, doc_number, year, errors) -> LedgerSheet:
    plan = ParsedPlan(title=title, year=year, annual=False)
    parsed = ParsedDocument(doc_number=doc_number or None, title=title, year=year, plans=[plan])
    result = LedgerSheet(name=sheet, parsed=parsed)
    section_names = [_text(_cell(r, columns, "section")) for r in rows[head_at + 1:]]
    plan.sections, section_numbers = _sections(section_names)
    for offset, row in enumerate(rows[head_at + 1:], start=head_at + 2):
        if not any(_text(c) for c in row):
            continue
        place = f"工作表“{sheet}”第{offset}行"
        text = _text(_cell(row, columns, "text"))
        lead = split_names(_text(_cell(row, columns, "lead")))
        co = [n for n in split_names(_text(_cell(row, columns, "co"))) if n not in lead]
        deadline, deadline_text, understood = _deadline(_cell(row, columns, "deadline"), year)
        if not text:
            errors.append(f"{place}：任务内容为空。")
        if not lead:
            errors.append(f"{place}：未填写牵头单位。")
        if not understood:
            errors.append(f"{place}：完成时限“{deadline_text}”无法识别，请填写日期（如 2021-09-30）或“2021年9月底前”一类的表述。")
        order = len(result.rows) + 1
        number = _text(_cell(row, columns, "number")) or str(order)
        task = ParsedTask(
            number=number[:20], section=section_numbers.get(_text(_cell(row, columns, "section"))), subsection=None,
            order=order, text=text, text_start=re.sub(r"\s+", "", text)[:12], lead=lead, co=co,
            deadline_text=deadline_text or None, deadline=deadline, deadline_in="text" if deadline else None,
            has_clause=True,
        )
        result.rows.append(LedgerRow(sheet=sheet, row=offset, task=task))
        plan.tasks.append(task)
    if not result.rows:
        errors.append(f"工作表“{sheet}”：表头下没有任务。")
    parsed.finalize()
    return result


def _load(data: bytes):
    if len(data) > MAX_LEDGER_BYTES:
        raise LedgerError([f"文件超过 {MAX_LEDGER_BYTES // (1024 * 1024)} MB 上限。"])
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LedgerError(["无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。"]) from exc


def _has_content(ws) -> bool:
    return any(any(_text(c) for c in row) for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS + 1, values_only=True))


def ledger_read(data: bytes, *, defaults: Mapping[str, object] | None = None) -> Ledger:
    """Read and check a ledger workbook; writes nothing. Raises LedgerError for an unreadable file.

    defaults: title / doc_number / year from the upload form, used when a
    workbook of one sheet does not print them above its header.
    """
    wb = _load(data)
    ledger = Ledger()
    try:
        filled = [ws for ws in wb.worksheets if ws.title not in NOTE_SHEETS and _has_content(ws)]
        for ws in filled:
            sheet = _read_sheet(ws, defaults or {}, len(filled) == 1, ledger.errors)
            if sheet is not None:
                ledger.sheets.append(sheet)
    finally:
        wb.close()
    if not ledger.sheets and not ledger.errors:
        ledger.errors.append("文件中没有任何任务。")
    _check_duplicates(ledger)
    _resolve(ledger)
    return ledger


def _check_duplicates(ledger: Ledger) -> None:
    seen: dict[str, str] = {}
    for sheet in ledger.sheets:
        number = sheet.parsed.doc_number
        if number and number in seen:
            ledger.errors.append(f"工作表“{sheet.name}”与“{seen[number]}”的文号相同（{number}）。")
        elif number:
            seen[number] = sheet.name


def _resolve(ledger: Ledger) -> None:
    """Names the agency table does not know, with the rows that print them."""
    names = [n for r in ledger.rows for n in [*r.task.lead, *r.task.co]]
    resolution = resolve_names(names)
    ledger.ambiguous = resolution.ambiguous
    unknown = set(resolution.unresolved)
    for row in ledger.rows:
        for name in dict.fromkeys([*row.task.lead, *row.task.co]):
            if name in unknown:
                ledger.unresolved.setdefault(name, []).append(f"第{row.row}行" if len(ledger.sheets) == 1 else row.place)


def unresolved_errors(ledger: Ledger, mapping: Mapping[str, int | None]) -> list[str]:
    prefix = f"工作表“{ledger.sheets[0].name}”" if len(ledger.sheets) == 1 else ""
    return [
        f"{prefix}{'、'.join(places)}：责任单位“{name}”在系统中不存在，请选择对应单位或先在管理后台添加单位/别名。"
        for name, places in ledger.unresolved.items() if name not in mapping
    ]


def ledger_import(*, ledger: Ledger, user, mapping: Mapping[str, int | None] | None = None,
                  source_filename: str = "") -> list:
    """Save every sheet as a document, all or nothing; raises LedgerError / DocumentImportError."""
    mapping = mapping or {}
    errors = ledger.errors + unresolved_errors(ledger, mapping)
    if errors:
        raise LedgerError(errors)
    with transaction.atomic():
        return [
            document_import(
                parsed=sheet.parsed, user=user, mapping=mapping, create_missing=False, replace=False,
                original_text=sheet.as_text(), source_filename=f"{source_filename}（{sheet.name}）"[:255],
            )
            for sheet in ledger.sheets
        ]


def ledger_template() -> bytes:
    """A blank ledger with the header rows and one example row, for offices to fill in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "任务台账"
    ws.append(["文件标题：", "湖南省2021年XX改革重点任务分工方案"])
    ws.append(["文号：", "湘政办函〔2021〕XX号"])
    ws.append(["年度：", 2021])
    ws.append(["任务编号", "部分", "任务内容", "牵头单位", "责任单位", "完成时限"])
    ws.append(["1", "一、纵深推进简政放权", "（示例，导入前请删除）推进政务服务“一件事一次办”。", "省政务局",
               "省直相关部门、各市州人民政府", dt.date(2021, 9, 30)])
    bold = Font(bold=True)
    for cell in (*ws[4], ws["A1"], ws["A2"], ws["A3"]):
        cell.font = bold
    ws["F5"].number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", (10, 24, 60, 22, 30, 16), strict=True):
        ws.column_dimensions[column].width = width
    for cell in ws[5]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A5"
    note = wb.create_sheet("填写说明")
    for line in (
        "每个工作表为一个文件（分工方案）；表头上方填写文件标题、文号、年度。",
        "必需的列：任务内容、牵头单位、完成时限；可选：任务编号（或序号）、部分、责任单位（配合单位）。",
        "完成时限可填日期单元格，或“2021年9月底前”“年底前”“长期坚持”等表述。",
        "多个单位用顿号“、”分隔，名称须与系统中的单位全称、简称或别名一致。",
        "本说明工作表不会被导入。",
    ):
        note.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
