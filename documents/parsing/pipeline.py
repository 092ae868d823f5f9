"""Normalised lines → ParsedDocument: header, plans, tasks, truncation, warnings."""

from __future__ import annotations

import re

from .assemble import build_task, looks_cut_off
from .errors import ParseError
from .header import parse_header, plan_year, split_front_matter
from .readings import candidates, choose
from .rules import apply_first_leads
from .structure import find_heading, split_body, subsections
from .tables import extract_tables
from .types import ParsedDocument, ParsedPlan, ParsedSection, ParsedSubsection, Reading


def parse_lines(lines: list[str], truncated_marker: bool = False, reading: str | None = None) -> ParsedDocument:
    meta, lines = split_front_matter([line for line in lines if line.strip()])
    head = parse_header(lines, meta)
    doc = ParsedDocument(
        doc_number=head.doc_number,
        notice_title=head.notice_title,
        issuer=head.issuer,
        issue_date=head.issue_date,
    )
    fallback_year = head.issue_date.year if head.issue_date else _earliest_year(lines)
    spans = _plan_spans(lines, head.plan_titles, head.body_start)
    for title, span in zip(head.plan_titles or [None], spans, strict=False):
        year, annual = plan_year(title or "", fallback_year)
        plan = ParsedPlan(title=title or "", year=year, annual=annual)
        if span is None:
            plan.truncated = True  # named in the notice, but its text is not in the file
            doc.warnings.append(f"未找到《{title}》的正文")
        else:
            _fill_plan(plan, lines[span[0] : span[1]], doc, reading, "\n".join(lines[: span[1]]))
        doc.plans.append(plan)
    if reading and not any(r.id == reading and r.chosen for r in doc.readings):
        raise ParseError("未找到所选的识别方式")
    doc.title = doc.plans[0].title if doc.plans else None
    doc.year = doc.plans[0].year if doc.plans else fallback_year
    _mark_truncation(doc, truncated_marker)
    doc.finalize()
    return doc


def _plan_spans(lines: list[str], titles: list[str], start: int) -> list[tuple[int, int] | None]:
    """Line ranges of each plan's text; None when the plan's heading is not found."""
    found: list[tuple[int, int] | None] = []
    pos = start
    for k, title in enumerate(titles or [""]):
        hit = find_heading(lines, title, pos) if title else None
        if hit is None and k == 0:
            hit = (start, start)  # the first plan may print no heading of its own
        found.append(hit)
        if hit:
            pos = hit[1]
    spans: list[tuple[int, int] | None] = []
    for k, hit in enumerate(found):
        if hit is None:
            spans.append(None)
            continue
        nxt = next((h[0] for h in found[k + 1 :] if h), len(lines))
        spans.append((hit[1], nxt))
    return spans


def _fill_plan(plan: ParsedPlan, lines: list[str], doc: ParsedDocument, forced: str | None, text: str) -> None:
    """The plan's tasks from the best reading; `text` is the document up to the plan's end (rules)."""
    table_tasks, lines = extract_tables(lines)
    body = split_body(lines)
    plan.sections = [ParsedSection(s.number, s.title) for s in body.sections if s.number]
    plan.subsections = [ParsedSubsection(*t) for t in subsections(body)]
    cands = candidates(lines, body, table_tasks)
    built: dict[tuple, tuple] = {}  # readings share most items: build each distinct item once

    def build(item, order):
        key = (tuple(item.lines), item.number, item.section, item.subsection, order)
        if key not in built:
            built[key] = build_task(item, order, plan.year)
        return built[key]

    for cand in cands:
        cand.tasks = [build(item, order)[0] for order, item in enumerate(cand.items, start=1)]
    if forced and not any(c.id == forced for c in cands):
        forced = None  # this plan has no such reading; the check for the document is in parse_lines
    best = choose(cands, forced)
    if best.id == "level:cn":
        plan.sections, plan.subsections = [], []  # the 一、 items are the tasks, not sections
    items = best.items
    rule = apply_first_leads(best.tasks, text)
    if rule:
        best.rules.append(rule)
        doc.rules.append(rule)
    plan_has_clauses = any(t.has_clause for t in best.tasks)
    for order, item in enumerate(items, start=1):
        task, global_co = build(item, order)
        plan.tasks.append(task)
        doc.not_understood.extend(n for n in task.not_understood if n not in doc.not_understood)
        doc.global_co.extend(n for n in global_co if n not in doc.global_co)
        if not task.has_clause and plan_has_clauses:
            where = "/".join(x for x in (task.section, task.subsection, task.number) if x)
            doc.warnings.append(f"任务 {where} 未标明责任单位")
    if best.tasks and not any(t.lead or t.co for t in best.tasks):
        best.warnings.append("所选识别方式的任务均未标明责任单位，请核对任务划分")
        doc.warnings.extend(best.warnings)
    if not doc.readings:  # the first plan's readings are the document's (the preview offers them)
        doc.readings = [Reading(c.id, c.label, len(c.tasks), c is best, c.score, list(c.warnings), list(c.rules))
                        for c in cands]


def _mark_truncation(doc: ParsedDocument, marker: bool) -> None:
    """The text is cut off when a preview banner was removed or the last task stops mid-sentence.

    Plans after the one that is cut off cannot be present (their text would follow it)."""
    present = [p for p in doc.plans if p.tasks]
    if not present:
        return
    last_plan = present[-1]
    last = last_plan.tasks[-1]
    if marker or looks_cut_off(last):
        if looks_cut_off(last):
            last.truncated = True
            last.lead, last.co = [], []
        last_plan.truncated = True
        doc.warnings.append("文件内容不完整（正文被截断）")
    doc.truncated = any(p.truncated for p in doc.plans)


def _earliest_year(lines: list[str]) -> int | None:
    """Without a date or a year in the title, the earliest year printed bounds the plan year
    (plans name their own year and later targets)."""
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*(?:年|[－~～—\-–])", "\n".join(lines))]
    return min(years) if years else None
