"""Report quality flags for the office (报送质量): what a reviewer would otherwise spot by reading every report.

- identical: the same 工作进展, 存在问题 and 下一步计划 as the agency's previous report on the task
  (a report that says “本月无新进展” says so itself and is not flagged);
- no_evidence: claims completion (完成进度 100%, or says the task is fully done) without any attachment;
- missing_fields: 存在问题 or 下一步计划 left empty.
Each flag is an annotation on the reports queryset (EXISTS / subquery), so a page of flagged reports
is one query whatever the number of reports.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import ProgressReport, ReportAttachment

FLAGS = {"identical": "与上期相同", "no_evidence": "称已完成但无佐证", "missing_fields": "缺存在问题或下一步"}
COMPLETION_WORDS = ("已全部完成", "已全面完成", "全面完成", "全部完成", "已完成全部", "任务已完成", "已办结")


def _claims_completion() -> Q:
    words = Q()
    for word in COMPLETION_WORDS:
        words |= Q(content__contains=word)
    return Q(percent=100) | words


def with_quality_flags(qs: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    # One index probe per report for "identical": the previous report's own comparison with this one,
    # read from the (task, agency, period) index backwards (not its id first and then the row again).
    previous = ProgressReport.objects.filter(
        task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"), period__lt=OuterRef("period")
    ).order_by("-period").annotate(same=ExpressionWrapper(
        Q(content=OuterRef("content"), problems=OuterRef("problems"), next_steps=OuterRef("next_steps")),
        output_field=BooleanField()))
    same_as_previous = Coalesce(Subquery(previous.values("same")[:1], output_field=BooleanField()), Value(False))
    evidence = ReportAttachment.objects.filter(report_id=OuterRef("pk"))
    return qs.annotate(
        flag_identical=ExpressionWrapper(same_as_previous & Q(no_progress=False), output_field=BooleanField()),
        flag_no_evidence=ExpressionWrapper(_claims_completion() & ~Exists(evidence), output_field=BooleanField()),
        flag_missing_fields=ExpressionWrapper((Q(problems="") | Q(next_steps="")) & Q(no_progress=False),
                                              output_field=BooleanField()),
    )


def flag_q(flag: str | None) -> Q:
    """Reports with the given flag, or with any flag (None): the cheap tests first, PostgreSQL stops at the
    first true one, so the previous report is looked up only for reports that have no other flag."""
    if flag:
        return Q(**{f"flag_{flag}": True})
    return Q(flag_missing_fields=True) | Q(flag_no_evidence=True) | Q(flag_identical=True)


def flags_of(report) -> list[str]:
    return [label for key, label in FLAGS.items() if getattr(report, f"flag_{key}", False)]
