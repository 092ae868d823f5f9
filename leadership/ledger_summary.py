"""The ledger's 汇总 sheet: per document and per lead agency, the tasks, signed off, overdue and on-time rate
of exactly the exported rows (two grouped queries), with the dashboard's definitions (figures.due_q…)."""

from django.db.models import Count, Min, Q, QuerySet

from tasks.choices import AssignmentRole, TaskStatus
from tasks.warnings import WarningContext, red_q

from .figures import due_q, on_time_q

SUMMARY_HEADERS = ["类别", "名称", "任务数", "已销号", "逾期", "应完成", "按时完成", "按时完成率"]
SUMMARY_WIDTHS = [10, 46, 9, 9, 9, 9, 10, 12]


def _counts(ctx: WarningContext) -> dict:
    return {"total": Count("id"), "signed_off": Count("id", filter=Q(status=TaskStatus.SIGNED_OFF)),
            "overdue": Count("id", filter=red_q(ctx)), "due": Count("id", filter=due_q(ctx)),
            "on_time": Count("id", filter=on_time_q())}


def _line(kind: str, name: str, row: dict) -> list:
    rate = f"{100.0 * row['on_time'] / row['due']:.1f}%" if row["due"] else "—"
    return [kind, name, row["total"], row["signed_off"], row["overdue"], row["due"], row["on_time"], rate]


def summary_lines(qs: QuerySet, ctx: WarningContext) -> list[list]:
    """合计, then a line per document (plan order of the sheets) and per lead agency (most overdue first)."""
    base = qs.order_by().select_related(None).prefetch_related(None)
    docs = list(base.values("document_id").annotate(
        **_counts(ctx), title=Min("document__title"), doc_number=Min("document__doc_number"),
        year=Min("document__year")).order_by("year", "document_id"))
    leads = list(base.filter(assignments__role=AssignmentRole.LEAD).values("assignments__agency_id").annotate(
        **_counts(ctx), name=Min("assignments__agency__name"), short=Min("assignments__agency__short_name"),
    ).order_by())
    leads.sort(key=lambda r: (-r["overdue"], -r["total"], r["short"] or r["name"]))
    total = {key: sum(d[key] for d in docs) for key in ("total", "signed_off", "overdue", "due", "on_time")}
    lines = [_line("合计", "全部任务", total)]
    lines += [_line("文件", f"{d['title']}（{d['doc_number']}）" if d["doc_number"] else d["title"], d) for d in docs]
    lines += [_line("牵头单位", r["short"] or r["name"], r) for r in leads]
    return lines
