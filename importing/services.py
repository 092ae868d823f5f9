"""Writes for documents: preview an upload, then import it in one transaction.

`document_preview` parses and resolves without writing anything; the office
reads it, maps the names the agency table does not know, and confirms.
`document_import` then saves the document, its plans, sections, tasks,
assignments and one `imported` TaskEvent per task, all or nothing. Commands
and views only read input and call these two functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.timezone import localtime

from agencies.aliases import aliases_remember
from agencies.choices import AgencyKind
from agencies.models import Agency
from agencies.resolve import resolve_names
from agencies.suggest import Suggestion, agency_suggestions
from documents.models import Document, ImportRecord
from documents.parsing import ParsedDocument, ParsedTask
from tasks.choices import EventKind
from tasks.models import Task, TaskEvent

from .corrections import corrections_list
from .corrections import parser_output as parser_output_dict
from .drafts import TEXT_MAX_CHARS, TEXT_MIN_CHARS, TaskDraft, corrected_document, drafts_from_parsed
from .parse_cache import parse_upload, upload_text
from .saving import assignments_create, create_structure, replace_impact, replace_structure

# Generic groups (各市州人民政府, 省直相关部门, 州直各单位…) stand for a set of units, not one.
_COLLECTIVE = re.compile(r"^(?:各|相关|有关|其他)|(?:相关|有关|各)\S*(?:部门|单位|机构)$")


class DocumentImportError(Exception):
    """An import refused before anything was written; `message` is shown to users as is."""

    def __init__(self, message: str, *, unresolved: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.unresolved = list(unresolved)

    def __str__(self) -> str:
        return self.message


@dataclass
class NameRef:
    """A unit name as printed on a task and the agency it resolves to (None: not known yet)."""

    name: str
    agency: Agency | None
    is_global: bool = False


@dataclass
class PreviewRow:
    plan_title: str
    task: ParsedTask
    label: str
    lead: list[NameRef]
    co: list[NameRef]
    doubts: list[str] = field(default_factory=list)  # what the office should check, in Chinese
    sources: list[int] = field(default_factory=list)  # the parser tasks it comes from (TaskDraft.sources)

    @property
    def has_agency(self) -> bool:
        return bool(self.lead or self.co)


@dataclass
class Preview:
    parsed: ParsedDocument  # the parser's output for the reading previewed
    original_text: str
    rows: list[PreviewRow]  # the tasks as they would be saved (the drafts)
    found: dict[str, Agency]
    unresolved: dict[str, list[str]]  # printed name → labels of the tasks that print it
    ambiguous: dict[str, list[Agency]]
    existing: Document | None
    warnings: list[str] = field(default_factory=list)
    corrected: ParsedDocument | None = None  # the drafts as a document: what is saved
    drafts: list[TaskDraft] = field(default_factory=list)
    parser_choice: str | None = None  # the reading the parser itself chose
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)  # for the unresolved names

    @property
    def task_count(self) -> int:
        return len(self.rows)

    @property
    def reading(self) -> str | None:
        return chosen_reading(self.parsed)

    @property
    def no_units(self) -> bool:
        """The loud warning: not one task of the reading carries a unit."""
        return bool(self.rows) and not any(row.task.lead or row.task.co for row in self.rows)


def is_collective_name(name: str) -> bool:
    return bool(_COLLECTIVE.search(name))


def task_label(task: ParsedTask) -> str:
    """How the office refers to a task: its section and number (003 restarts numbering per section)."""
    parts = [p for p in (task.section, task.subsection) if p]
    return "·".join([*parts, task.number])


def printed_names(parsed: ParsedDocument) -> list[str]:
    """Every unit name in the document, in order of first appearance."""
    names: dict[str, None] = {}
    for task in parsed.tasks:
        names.update(dict.fromkeys([*task.lead, *task.co]))
    names.update(dict.fromkeys(parsed.global_co))
    return [n for n in names if n and n.strip()]


def source_text(data: bytes, filename: str) -> str:
    """The decoded upload, stored as the document's 原文 (the parser keeps only normalised lines)."""
    return upload_text(data, filename)


def chosen_reading(parsed: ParsedDocument) -> str | None:
    return next((r.id for r in parsed.readings if r.chosen), None)


def _row_doubts(task: ParsedTask, unresolved: dict[str, list[str]]) -> list[str]:
    """What the office should check on one task, recomputed from the task as it stands now."""
    out = []
    if not (task.lead or task.co):
        out.append("未找到责任单位条款" if not task.has_clause else "责任单位条款中未识别出单位")
    unknown = [n for n in dict.fromkeys([*task.lead, *task.co]) if n in unresolved]
    if unknown:
        out.append("单位不在系统中：" + "、".join(unknown))
    if task.not_understood:
        out.append("无法识别为单位：" + "、".join(task.not_understood))
    if task.effective_deadline is None and not task.truncated:
        out.append(f"时限未能解析：{task.deadline_text}" if task.deadline_text else "未写明完成时限")
    length = len(re.sub(r"\s+", "", task.text))
    if length > TEXT_MAX_CHARS:
        out.append("条目过长，可能包含多项任务")
    elif length < TEXT_MIN_CHARS:
        out.append("条目过短，可能不是任务")
    # The parser's other remarks (it may learn new ones), minus those restated above.
    out.extend(d for d in task.doubts if not d.startswith(_RESTATED) and d not in out)
    return out


_RESTATED = ("未找到责任单位条款", "责任单位条款中", "无法识别为单位", "时限未能解析", "条目过")


def document_preview(
    *, data: bytes, filename: str, reading: str | None = None, drafts: list[TaskDraft] | None = None
) -> Preview:
    """Parse (in `reading`, if given) and resolve an upload, with the office's drafts if any.

    Raises ParseError (the file, or an unknown reading) or DraftError (the drafts), with Chinese
    messages. Writes nothing.
    """
    parsed = parse_upload(data, filename)
    parser_choice = chosen_reading(parsed)
    if reading and reading != parser_choice:
        parsed = parse_upload(data, filename, reading)
    # Plan by plan, as the saved document orders them: row k is drafts[k].
    drafts = drafts_from_parsed(parsed) if drafts is None else sorted(drafts, key=lambda d: d.plan)
    corrected = corrected_document(parsed, drafts)
    resolution = resolve_names(printed_names(corrected))
    found = resolution.found
    unresolved: dict[str, list[str]] = {name: [] for name in resolution.unresolved}
    rows = []
    for plan in corrected.plans:
        for task in plan.tasks:
            label = task_label(task)
            for name in dict.fromkeys([*task.lead, *task.co]):
                if name in unresolved:
                    unresolved[name].append(label)
            rows.append(PreviewRow(
                plan_title=plan.title, task=task, label=label,
                lead=[NameRef(n, found.get(n)) for n in task.lead],
                co=[NameRef(n, found.get(n)) for n in task.co]
                + [NameRef(n, found.get(n), is_global=True) for n in corrected.global_co if n not in task.co],
                doubts=_row_doubts(task, unresolved), sources=list(drafts[len(rows)].sources),
            ))
    for name in corrected.global_co:
        if name in unresolved:
            unresolved[name].append("全文")
    existing = Document.objects.filter(doc_number=parsed.doc_number).first() if parsed.doc_number else None
    preview = Preview(
        parsed=parsed, original_text=source_text(data, filename), rows=rows, found=found,
        unresolved=unresolved, ambiguous=resolution.ambiguous, existing=existing, corrected=corrected,
        drafts=drafts, parser_choice=parser_choice, suggestions=agency_suggestions(unresolved),
    )
    preview.warnings = _preview_warnings(preview)
    return preview


def preview_import(
    preview: Preview, *, user=None, mapping: Mapping[str, int | None] | None = None, create_missing: bool = False,
    replace: bool = False, source_filename: str = "",
) -> Document:
    """Save the preview's drafts (the office's corrections of the parse), keeping both on the Document."""
    corrected = preview.corrected or preview.parsed
    names = set(printed_names(corrected))
    mapping = {n: pk for n, pk in (mapping or {}).items() if n in names}
    chosen = Agency.objects.in_bulk({pk for pk in mapping.values() if pk is not None})
    mapped = {n: chosen.get(pk) for n, pk in mapping.items() if pk is None or pk in chosen}
    corrections = corrections_list(preview.parsed, preview.drafts or drafts_from_parsed(preview.parsed),
                                   reading=preview.reading, parser_choice=preview.parser_choice, mapped=mapped)
    return document_import(
        parsed=corrected, user=user, mapping=mapping, create_missing=create_missing, replace=replace,
        original_text=preview.original_text, source_filename=source_filename,
        parser_output=parser_output_dict(preview.parsed, parser_choice=preview.parser_choice), corrections=corrections,
    )


def _preview_warnings(preview: Preview) -> list[str]:
    parsed = preview.parsed
    warnings = []
    if preview.existing:
        kept, dropped, lost_reports = replace_impact(preview.existing, parsed)
        warnings.append(
            f"文号“{parsed.doc_number}”的文件已于 {localtime(preview.existing.imported_at):%Y-%m-%d} 导入"
            f"（{preview.existing.title}）。如需用本文件替换，请勾选“替换已导入的文件”：内容未变的 {kept} 项任务"
            f"保留进展报送和状态，其余 {dropped} 项原任务将被删除（含进展报送 {lost_reports} 条）。"
        )
    if not parsed.doc_number:
        warnings.append("未识别到文号：系统无法据此防止重复导入，请确认该文件未导入过。")
    if preview.unresolved:
        warnings.append(
            f"{len(preview.unresolved)} 个单位名称未能匹配到系统中的责任单位，请在下方逐一选择对应单位或新建："
            + "、".join(preview.unresolved)
        )
    orphans = [row.label for row in preview.rows if not row.has_agency and not row.task.truncated]
    if preview.no_units:
        warnings.insert(0, "所选识别方式的任务均未标明责任单位：很可能选错了任务层级或漏掉了附件表格，请切换识别方式或逐项补充单位。")
    elif orphans:
        warnings.append(f"{len(orphans)} 项任务未标明责任单位：" + "、".join(orphans))
    if parsed.truncated:
        cut = [p.title or "（无标题）" for p in parsed.plans if p.truncated]
        warnings.append("原文不完整（正文被截断），将导入到截断处为止：" + "、".join(cut))
    # The parser's own remarks, minus the ones restated above in the office's words.
    warnings.extend(w for w in parsed.warnings if "未标明责任单位" not in w and "截断" not in w)
    return warnings


def _agencies_for(
    names: list[str], mapping: Mapping[str, int | None], create_missing: bool
) -> dict[str, Agency]:
    """printed name → Agency: explicit mapping first, then the agency table, then (if allowed) new rows."""
    chosen_ids = {name: pk for name, pk in mapping.items() if pk is not None and name in names}
    by_id = Agency.objects.in_bulk(set(chosen_ids.values()))
    missing_ids = sorted({pk for pk in chosen_ids.values() if pk not in by_id})
    if missing_ids:
        raise DocumentImportError(f"所选单位不存在（编号 {missing_ids}），请刷新页面后重新选择。")
    agencies = {name: by_id[pk] for name, pk in chosen_ids.items()}
    aliases_remember(agencies)  # the next plan printing these names resolves them by itself
    to_create = [n for n in names if n in mapping and mapping[n] is None]
    rest = [n for n in names if n not in mapping]
    resolution = resolve_names(rest)
    agencies.update(resolution.found)
    if resolution.unresolved and not create_missing:
        raise DocumentImportError(
            f"以下 {len(resolution.unresolved)} 个单位名称未能匹配到系统中的责任单位，未导入任何内容："
            + "、".join(resolution.unresolved)
            + "。请逐一选择对应单位或新建单位后再导入。",
            unresolved=resolution.unresolved,
        )
    if resolution.ambiguous:
        # A name shared by several units is never created as yet another unit: someone must choose.
        choices = "；".join(f"{n}（{'、'.join(a.name for a in c)}）" for n, c in resolution.ambiguous.items())
        raise DocumentImportError(
            f"以下单位名称对应多个单位，未导入任何内容：{choices}。请在导入页面为其选择对应单位。",
            unresolved=list(resolution.ambiguous),
        )
    to_create += resolution.unresolved
    agencies.update(_create_agencies(to_create))
    return agencies


def _create_agencies(names: list[str]) -> dict[str, Agency]:
    """New Agency rows for names the office chose to create; a row of that exact name is reused."""
    if not names:
        return {}
    existing = {a.name: a for a in Agency.objects.filter(name__in=names)}
    new = [
        Agency(name=n[:120], kind=AgencyKind.COLLECTIVE if is_collective_name(n) else AgencyKind.OTHER)
        for n in names if n not in existing
    ]
    created = {a.name: a for a in Agency.objects.bulk_create(new)}
    return {n: existing.get(n) or created[n[:120]] for n in names}


def document_import(
    *,
    parsed: ParsedDocument,
    user=None,
    mapping: Mapping[str, int | None] | None = None,
    create_missing: bool = False,
    replace: bool = False,
    original_text: str = "",
    source_filename: str = "",
    parser_output: dict | None = None,
    corrections: list[dict] | None = None,
) -> Document:
    """Save a parsed document with its plans, sections, tasks and assignments, or nothing at all.

    mapping: printed name → agency id, or None to create an agency of that name; a name mapped
    to an existing agency is remembered as its alias.
    parser_output / corrections: what the parser made of the file and what the office changed
    (importing.corrections); without them the parse itself is kept, with no corrections.
    replace: overwrite the document of the same 文号, keeping the tasks whose text did not
    change (with their reports, status and timeline); without it such a document is refused.
    """
    user = user if getattr(user, "is_authenticated", False) else None
    parsed.finalize()
    if not parsed.tasks:
        raise DocumentImportError("文件中没有识别到任何任务，未导入。")
    try:
        with transaction.atomic():
            existing = None
            if parsed.doc_number:
                existing = Document.objects.select_for_update().filter(doc_number=parsed.doc_number).first()
            if existing and not replace:
                raise DocumentImportError(
                    f"文号“{parsed.doc_number}”的文件已于 {localtime(existing.imported_at):%Y-%m-%d} 导入，不能重复导入。"
                    "如需用新文件替换，请选择“替换”。"
                )
            agencies = _agencies_for(printed_names(parsed), mapping or {}, create_missing)
            document = existing or Document()
            _fill_document(document, parsed, user, original_text, source_filename)
            document.save()
            ImportRecord.objects.update_or_create(document=document, defaults={
                "parser_output": parser_output if parser_output is not None else _parser_output(parsed),
                "corrections": corrections or [],
            })
            if existing:
                tasks, kept = replace_structure(document, parsed, user)
            else:
                tasks, kept = create_structure(document, parsed, user), []
            assignments_create(parsed=parsed, tasks=tasks, agencies=agencies, kept=kept, user=user)
            kept_ids = {t.pk for t in kept}
            _write_events(document, [t for t in tasks if t.pk not in kept_ids], kept, user, replaced=bool(existing))
    except IntegrityError as exc:
        # Two imports of the same 文号 racing: the unique constraint decides, nothing is kept.
        if "document_doc_number_unique_when_present" in str(exc):
            raise DocumentImportError(f"文号“{parsed.doc_number}”的文件已存在，不能重复导入。") from exc
        raise
    return document


def _parser_output(parsed: ParsedDocument) -> dict:
    return parser_output_dict(parsed, parser_choice=chosen_reading(parsed))


def _fill_document(document: Document, parsed: ParsedDocument, user, original_text: str, filename: str) -> None:
    first_plan = parsed.plans[0].title if parsed.plans else ""
    document.doc_number = (parsed.doc_number or "")[:80]
    document.notice_title = (parsed.notice_title or "")[:300]
    document.title = (parsed.title or first_plan or parsed.notice_title or filename or "未命名文件")[:300]
    document.issuer = (parsed.issuer or "")[:120]
    document.issue_date = parsed.issue_date
    document.year = parsed.year
    document.original_text = original_text.replace("\x00", "")
    document.source_filename = filename[:255]
    document.is_truncated = parsed.truncated
    document.imported_by = user


def _write_events(document: Document, new_tasks: list[Task], kept: list[Task], user, replaced: bool) -> None:
    source = f"《{document.title}》" + (f"（{document.doc_number}）" if document.doc_number else "")
    verb = "重新导入" if replaced else "导入"
    events = [TaskEvent(task=t, kind=EventKind.IMPORTED, actor=user, message=f"从{source}{verb}") for t in new_tasks]
    events += [
        TaskEvent(task=t, kind=EventKind.EDITED, actor=user,
                  message=f"文件{source}重新导入：任务内容未变，保留原有进展报送和状态")
        for t in kept
    ]
    TaskEvent.objects.bulk_create(events)

