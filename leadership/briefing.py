"""The 通报 draft as a Word document, from live data only.

The figures come from the dashboard (leadership.dashboards) and the changes since the date
(leadership.changes); the overdue tasks and the next steps (下一步计划 of the open tasks' latest
reports) are read here. Nothing is written that the data does not say: with no next steps reported,
下步工作 is an empty heading for the office to fill.
The layout is a docxtpl template: the built-in one (fixtures/briefing_template.docx, see
briefing_template.py) or the newest active one the office uploaded (admin → 通报模板).
"""

import datetime
import io
import re

from django.db import connection
from django.db.models import Q
from docxtpl import DocxTemplate

from agencies.roles import Actor
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, ReportStatus, TaskStatus
from tasks.models import Assignment
from tasks.selectors import visible_tasks
from tasks.warnings import red_q, warning_context

from .briefing_template import TEMPLATE_PATH
from .changes import change_totals
from .dashboards import dashboard_summary
from .models import BriefingTemplate

OVERDUE_LIMIT = 300
NEXT_STEPS_LIMIT = 300
DIGITS = "零一二三四五六七八九"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (headings （一）（二）…; up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def _day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _rate(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _task_label(doc_number: str, title: str, number: str) -> str:
    return f"{doc_number or title}第{number}项"


def _overdue_by_agency(tasks, ctx) -> list[dict]:
    rows = list(tasks.filter(red_q(ctx)).order_by("deadline", "id").values(
        "id", "number", "text", "deadline", "document__title", "document__doc_number")[:OVERDUE_LIMIT])
    groups: dict[int, dict] = {}
    for task_id, agency_id, short, name in (
        Assignment.objects.filter(task_id__in=[r["id"] for r in rows], role=AssignmentRole.LEAD)
        .order_by("id").values_list("task_id", "agency_id", "agency__short_name", "agency__name")
    ):
        groups.setdefault(agency_id, {"name": short or name, "ids": []})["ids"].append(task_id)
    by_id = {r["id"]: r for r in rows}
    out = []
    for group in sorted(groups.values(), key=lambda g: (-len(g["ids"]), g["name"])):
        tasks_of = [by_id[pk] for pk in sorted(group["ids"], key=lambda pk: (by_id[pk]["deadline"], pk))]
        out.append({"name": group["name"], "tasks": [{
            "document": t["document__doc_number"] or t["document__title"], "number": t["number"], "text": t["text"],
            "deadline": _day(t["deadline"]), "overdue_days": (ctx.today - t["deadline"]).days} for t in tasks_of]})
    for index, group in enumerate(out, start=1):
        group["order"] = chinese_number(index) if index < 100 else str(index)
    return out


def _next_steps(tasks, ctx) -> list[dict]:
    """The latest 下一步计划 of each open task × agency, from this month's or last month's report."""
    last_month = (ctx.month_start - datetime.timedelta(days=1)).replace(day=1)
    reports = (
        ProgressReport.objects.filter(task__in=tasks.exclude(status=TaskStatus.SIGNED_OFF), period__gte=last_month)
        .exclude(Q(next_steps="") | Q(status=ReportStatus.PENDING_HEAD))
        .order_by("task_id", "agency_id", "-period")
        .values("task_id", "agency_id", "next_steps", "agency__short_name", "agency__name", "task__number",
                "task__document__doc_number", "task__document__title")
    )
    if connection.vendor == "postgresql":
        reports = reports.distinct("task_id", "agency_id")[:NEXT_STEPS_LIMIT]
    else:  # no DISTINCT ON in SQLite (the embedded default, small data): the latest per pair, in order
        seen: set[tuple[int, int]] = set()
        reports = [r for r in reports if (r["task_id"], r["agency_id"]) not in seen
                   and not seen.add((r["task_id"], r["agency_id"]))][:NEXT_STEPS_LIMIT]
    steps = [{"agency": r["agency__short_name"] or r["agency__name"], "text": r["next_steps"],
              "task": _task_label(r["task__document__doc_number"], r["task__document__title"], r["task__number"])}
             for r in reports]
    return sorted(steps, key=lambda s: s["agency"])


def briefing_context(*, actor: Actor, since: datetime.date | None = None, today: datetime.date | None = None) -> dict:
    ctx = warning_context(today)
    summary = dashboard_summary(actor=actor, today=ctx.today)
    changes = change_totals(actor=actor, since=since, today=ctx.today)
    totals, moved = summary["totals"], changes["totals"]
    tasks = visible_tasks(actor)
    overdue = _overdue_by_agency(tasks, ctx)
    return {
        "title": f"关于{_day(changes['since'])}以来重点任务推进情况的通报",
        "title_top": f"关于{_day(changes['since'])}以来", "title_bottom": "重点任务推进情况的通报",
        "date_line": f"（截至{_day(ctx.today)}）",
        "since": _day(changes["since"]), "today": _day(ctx.today),
        "overview": (f"截至{_day(ctx.today)}，纳入督办的重点任务共{totals['total']}项，已销号{totals['signed_off']}项，"
                     f"完成率{_rate(totals['completion_rate'])}；逾期未完成{totals['overdue']}项，"
                     f"亮黄牌{totals['yellow']}项；按时完成率{_rate(totals['on_time_rate'])}。"),
        "completion": (f"{_day(changes['since'])}以来，新增销号{moved['signed_off']}项，被退回{moved['returned']}项，"
                       f"同意延期{moved['extensions_approved']}项；本月尚有{moved['reports_missing']}份进展未报送。"
                       "各牵头单位完成情况如下："),
        "agencies": [{"name": a["short_name"], "total": a["total"], "signed_off": a["signed_off"], "overdue": a["overdue"],
                      "on_time_rate": _rate(a["on_time_rate"])} for a in summary["league"]],
        "overdue_summary": (f"目前逾期未完成任务{totals['overdue']}项，其中{_day(changes['since'])}以来新增逾期"
                            f"{moved['newly_overdue']}项。" + ("按牵头单位列出如下：" if overdue else "")
                            + (f"（仅列出最早到期的{OVERDUE_LIMIT}项）" if totals["overdue"] > OVERDUE_LIMIT else "")),
        "overdue_by_agency": overdue,
        "next_steps": _next_steps(tasks, ctx),
    }


def template_source():
    """The office's newest active template, else the built-in one."""
    uploaded = BriefingTemplate.objects.filter(is_active=True).order_by("-uploaded_at", "-id").first()
    return uploaded.file.open("rb") if uploaded else open(TEMPLATE_PATH, "rb")  # noqa: SIM115 (closed below)


class _Template(DocxTemplate):
    def resolve_listing(self, xml):
        # docxtpl turns a value's \t \a \n \f into Word tabs, paragraphs and breaks with three nested regex
        # passes over every rendered paragraph (half a second for a 通报 of 500 agencies and 300 overdue tasks);
        # one scan of the text runs says whether any value has one at all.
        if _LISTING_CHARS.search(xml) is None:
            return xml
        return super().resolve_listing(xml)


_LISTING_CHARS = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


def render_briefing(context: dict, source=None) -> bytes:
    handle = source or template_source()
    try:
        template = _Template(handle)
        template.render(context, autoescape=True)  # autoescape: a task's "<" or "&" must stay text in the XML
        out = io.BytesIO()
        template.save(out)
    finally:
        if source is None:
            handle.close()
    return out.getvalue()


SAMPLE_CONTEXT = {
    "title": "样例", "title_top": "样例", "title_bottom": "", "date_line": "", "since": "", "today": "", "overview": "", "completion": "", "agencies": [],
    "overdue_summary": "", "overdue_by_agency": [{"order": "一", "name": "样例单位", "tasks": []}], "next_steps": [],
}


def check_template(upload) -> str:
    """"" when the uploaded .docx renders with the 通报's placeholders, else why not (in Chinese)."""
    try:
        render_briefing(SAMPLE_CONTEXT, source=upload)
    except Exception as exc:  # noqa: BLE001 (any failure of a foreign file means: refuse it, say why)
        return f"模板无法使用：{type(exc).__name__}：{exc}"[:300]
    return ""
