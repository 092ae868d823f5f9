"""Plain dataclasses produced by the parser.

The importer (documents/services.py) reads these field names, so keep them stable;
new fields may be added with defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Milestone:
    text: str
    date: dt.date


@dataclass
class ParsedSection:
    number: str  # "一"
    title: str


@dataclass
class ParsedSubsection:
    section: str  # number of the enclosing section
    number: str  # "一" for （一）
    title: str


@dataclass
class ParsedTask:
    number: str  # as printed without brackets/dot: "13", "十三"
    section: str | None
    subsection: str | None
    order: int  # 1-based position inside the plan
    text: str  # full normalised text incl. sub-items and clause
    text_start: str  # first 12 chars after the marker, whitespace removed
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    co_label: str | None = None  # 责任单位 / 责任部门 / 配合单位 … as printed
    deadline_text: str | None = None
    deadline: dt.date | None = None
    deadline_in: str | None = None  # "text" | "clause"
    recurring: str | None = None  # yearly / quarterly / monthly / weekly / daily
    truncated: bool = False
    milestones: list[Milestone] = field(default_factory=list)
    note: str | None = None
    has_clause: bool = False
    # Filled by ParsedDocument.finalize(): a stated deadline or the end of the plan year.
    effective_deadline: dt.date | None = None
    deadline_inferred: bool = False
    # What the parser is unsure of, in Chinese, for the preview (未找到责任单位条款, 时限未能解析 …).
    doubts: list[str] = field(default_factory=list)
    # deadline_kinds.KINDS: "date" | "relative" | "recurring" | "ongoing" | "" (none printed);
    # deadline_value: "2025-03-31" | "workdays:5" / "days:10" / "months:1" | "monthly:5" / "quarterly" | "".
    deadline_kind: str = ""
    deadline_value: str = ""
    deadline_phrase: str = ""  # the printed words: 收到通知后5个工作日内, 每月5日前, 持续推进
    not_understood: list[str] = field(default_factory=list)  # names in the clause that are not agencies
    rules: list[str] = field(default_factory=list)  # printed rules that decided this task's roles


@dataclass
class Reading:
    """One candidate structure of a plan: which numbering level or table holds the tasks."""

    id: str  # stable: "auto", "level:arabic", "level:paren_cn", "table:1" …
    label: str  # Chinese, for the preview: 按附件表格识别, 按正文（一）识别
    task_count: int
    chosen: bool = False
    score: float = 0.0
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # document-wide rules applied to its tasks


@dataclass
class ParsedPlan:
    title: str
    truncated: bool = False
    sections: list[ParsedSection] = field(default_factory=list)
    subsections: list[ParsedSubsection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    year: int | None = None
    annual: bool = False  # the title names a year: a 年度 plan, tasks are due by year end


@dataclass
class ParsedDocument:
    doc_number: str | None = None
    notice_title: str | None = None
    title: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    year: int | None = None
    global_co: list[str] = field(default_factory=list)
    plans: list[ParsedPlan] = field(default_factory=list)
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)  # the chosen one first… see chosen
    rules: list[str] = field(default_factory=list)  # document-wide rules applied (列第一位的为牵头单位 …)
    not_understood: list[str] = field(default_factory=list)  # printed names that are not agencies

    @property
    def tasks(self) -> list[ParsedTask]:
        return [t for p in self.plans for t in p.tasks]

    def finalize(self) -> None:
        """Fill effective_deadline / deadline_inferred on every task."""
        for plan in self.plans:
            year = plan.year or self.year
            for task in plan.tasks:
                task.effective_deadline, task.deadline_inferred = inferred_deadline(plan, task, year)


def inferred_deadline(plan: ParsedPlan, task: ParsedTask, year: int | None) -> tuple[dt.date | None, bool]:
    """A stated deadline wins; otherwise a task of an annual plan is due on 31 Dec of the plan year.

    Recurring tasks without a date are also given the end of the plan year, because the
    plan only runs for that year. Multi-year plans (no year in the title) infer nothing.
    """
    if task.deadline:
        return task.deadline, False
    if year and (plan.annual or task.recurring) and not task.truncated:
        return dt.date(year, 12, 31), True
    return None, False
