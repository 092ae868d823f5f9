"""generate_load at a tiny size: the shape of the data the benchmark runs on."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.utils import timezone

from agencies.choices import AgencyKind, Role
from agencies.models import Agency, UserProfile
from documents.models import Document
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment, Task

pytestmark = pytest.mark.django_db

SIZE = {"tasks": 200, "agencies": 60, "reports": 900, "seed": 7}


@pytest.fixture
def generated():
    call_command("generate_load", force=True, **SIZE)


def test_documents_hold_40_to_80_tasks_in_plans_and_sections(generated):
    sizes = list(Document.objects.annotate(n=Count("tasks")).values_list("n", flat=True))
    assert sum(sizes) == SIZE["tasks"]
    assert sizes and all(40 <= n <= 80 for n in sizes), sizes
    assert not Task.objects.filter(Q(section__isnull=True) | ~Q(plan__document=F("document"))).exists()


def test_each_task_has_one_to_three_leads_and_at_most_eight_co_agencies(generated):
    per_task = Task.objects.annotate(
        leads=Count("assignments", filter=Q(assignments__role=AssignmentRole.LEAD)),
        cos=Count("assignments", filter=Q(assignments__role=AssignmentRole.CO)),
    ).values_list("leads", "cos")
    assert all(1 <= leads <= 3 and 0 <= cos <= 8 for leads, cos in per_task)
    average = Assignment.objects.count() / SIZE["tasks"]
    assert 2.0 < average < 4.5  # about three per task, as in the 100,000 / 300,000 benchmark


def test_reports_are_unique_per_task_agency_month_and_come_from_assigned_agencies(generated):
    assert 0.8 * SIZE["reports"] <= ProgressReport.objects.count() <= SIZE["reports"]
    duplicates = ProgressReport.objects.values("task", "agency", "period").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    assert not ProgressReport.objects.exclude(
        agency__in=Assignment.objects.filter(task=F("task")).values("agency")).exists()
    periods = set(ProgressReport.objects.values_list("period", flat=True))
    today = timezone.localdate()
    assert all(p.day == 1 and p <= today for p in periods)
    assert len(periods) > 3  # reports over months, not one


def test_deadlines_spread_around_today_and_a_share_is_signed_off(generated):
    today = timezone.localdate()
    deadlines = [d for d in Task.objects.values_list("deadline", flat=True) if d]
    assert min(deadlines) < today < max(deadlines)
    assert all(abs((d - today).days) < 2 * 366 for d in deadlines)
    signed = Task.objects.filter(status=TaskStatus.SIGNED_OFF)
    assert 0.1 * SIZE["tasks"] < signed.count() < 0.7 * SIZE["tasks"]
    assert not signed.filter(signed_off_at__isnull=True).exists()
    assert not signed.filter(signed_off_at__gt=timezone.now()).exists()


def test_collective_agencies_have_members_and_some_agencies_have_liaisons(generated):
    assert Agency.objects.count() == SIZE["agencies"]
    collectives = Agency.objects.filter(kind=AgencyKind.COLLECTIVE).annotate(n=Count("members"))
    assert collectives.exists() and all(c.n > 0 for c in collectives)
    assert UserProfile.objects.filter(role=Role.OFFICE).exists()
    assert UserProfile.objects.filter(role=Role.LIAISON, agency__isnull=False).count() >= 5


def test_same_seed_gives_same_data_and_reset_replaces_it(generated):
    first = list(Task.objects.order_by("id").values_list("text", "deadline", "status")[:50])
    call_command("generate_load", force=True, reset=True, **SIZE)
    assert list(Task.objects.order_by("id").values_list("text", "deadline", "status")[:50]) == first
    assert Task.objects.count() == SIZE["tasks"]


def test_refuses_a_database_with_data_unless_reset(generated):
    with pytest.raises(CommandError, match="已有数据"):
        call_command("generate_load", force=True, **SIZE)


def test_refuses_a_database_whose_name_does_not_end_with_bench():
    with pytest.raises(CommandError, match="不是压测库"):
        call_command("generate_load", tasks=10, agencies=5, reports=0)
    assert not Task.objects.exists()


def test_ids_continue_after_the_generated_rows(generated):
    # Rows were written with explicit ids: the next ORM insert must not collide with them.
    task = Task.objects.order_by("id").first()
    agency = Agency.objects.create(name="压测后新增单位")
    Assignment.objects.create(task=task, agency=agency, role=AssignmentRole.CO)
    assert ProgressReport.objects.create(task=task, agency=agency, period=datetime.date(2020, 1, 1), content="x").pk


def test_the_load_leaves_the_dashboard_rollups_counted_and_their_triggers_on(generated, office_user):
    """The generator loads with the rollup triggers off (its COPY runs without indexes), then counts them once:
    the office's dashboard from the rollups equals the direct count, and a later write is followed again."""
    from tests.leadership.test_rollups import _direct, _summary

    today = timezone.localdate()
    assert _summary(office_user, today)["totals"] == _direct(office_user, today)["totals"]
    assert _summary(office_user, today)["totals"]["total"] == SIZE["tasks"]
    Task.objects.filter(pk=Task.objects.exclude(status=TaskStatus.SIGNED_OFF).values("pk")[:1]).delete()
    assert _summary(office_user, today)["totals"]["total"] == SIZE["tasks"] - 1
