"""ParsedDocument → the gold JSON layout (tests/data/gold/README.md), plus a few extra fields."""

from __future__ import annotations

import datetime as dt

from .types import ParsedDocument, ParsedPlan, ParsedTask


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def to_gold_dict(doc: ParsedDocument, file: str | None = None) -> dict:
    out = {
        "file": file,
        "doc_number": doc.doc_number,
        "notice_title": doc.notice_title,
        "title": doc.title,
        "issuer": doc.issuer,
        "issue_date": _iso(doc.issue_date),
        "year": doc.year,
        "global_co": list(doc.global_co),
        "truncated": doc.truncated,
        "plans": [_plan(p) for p in doc.plans],
        "warnings": list(doc.warnings),
    }
    if file is None:
        del out["file"]
    return out


def _plan(plan: ParsedPlan) -> dict:
    return {
        "title": plan.title,
        "truncated": plan.truncated,
        "year": plan.year,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections],
        "subsections": [{"section": s.section, "number": s.number, "title": s.title} for s in plan.subsections],
        "tasks": [_task(t) for t in plan.tasks],
    }


def _task(t: ParsedTask) -> dict:
    return {
        "number": t.number,
        "section": t.section,
        "subsection": t.subsection,
        "text_start": t.text_start,
        "lead": list(t.lead),
        "co": list(t.co),
        "co_label": t.co_label,
        "deadline_text": t.deadline_text,
        "deadline": _iso(t.deadline),
        "deadline_in": t.deadline_in,
        "recurring": t.recurring,
        "truncated": t.truncated,
        "note": t.note,
        "milestones": [{"text": m.text, "date": _iso(m.date)} for m in t.milestones],
        "deadline_kind": t.deadline_kind,
        "deadline_value": t.deadline_value,
        "deadline_phrase": t.deadline_phrase,
        "effective_deadline": _iso(t.effective_deadline),
        "deadline_inferred": t.deadline_inferred,
        "order": t.order,
        "text": t.text,
    }
