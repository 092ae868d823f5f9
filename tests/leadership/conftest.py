"""A varied data set for the dashboard tests, built with the factories, and today's date fixed."""

import datetime
import random

import pytest
from django.utils import timezone

from agencies.choices import AgencyKind
from tasks.choices import AssignmentRole, TaskStatus
from tests import factories

# In the report window (day ≥ 20): yellow also means "no report this month yet".
TODAY = datetime.date(2021, 9, 25)
MONTH = TODAY.replace(day=1)


def _signed_off_at(deadline, rng):
    if deadline is None:
        day = TODAY - datetime.timedelta(days=rng.randint(1, 200))
    else:
        day = deadline + datetime.timedelta(days=rng.choice([-20, -1, 0, 0, 1, 15]))
        day = min(day, TODAY)
    # 23:30 Beijing time: the UTC date is the same day, a naive UTC cast would still say "on time";
    # 00:30 Beijing time is the previous day in UTC and catches a missing time-zone conversion.
    clock = rng.choice([datetime.time(0, 30), datetime.time(23, 30), datetime.time(10, 0)])
    return timezone.make_aware(datetime.datetime.combine(day, clock))


def build_tasks(n, agencies, rng, documents=None):
    """n tasks over two documents, random statuses, deadlines, leads, co-agencies and reports."""
    if documents is None:
        documents = []
        for year in (2021, 2020):
            plan = factories.PlanFactory(document=factories.DocumentFactory(year=year))
            documents.append([factories.SectionFactory(plan=plan, number=num, order=i)
                              for i, num in enumerate(("一", "二"))])
    tasks = []
    for _ in range(n):
        section = rng.choice(rng.choice(documents))
        deadline = rng.choice([None, *[TODAY + datetime.timedelta(days=d) for d in (-60, -3, -1, 0, 1, 5, 7, 8, 20, 30, 31, 90)]])
        status = rng.choice(list(TaskStatus.values))
        task = factories.TaskFactory(
            section=section, deadline=deadline, status=status,
            signed_off_at=_signed_off_at(deadline, rng) if status == TaskStatus.SIGNED_OFF else None,
            # Some with a reported percentage, so that 橙牌 is counted. Assigned (by default) years after
            # TODAY, they are never judged 序时进度 yellow: that rule is tested in tests/tasks.
            progress_percent=rng.choice([None, None, 20, 90]),
        )
        picked = rng.sample(agencies, k=rng.choice([1, 1, 2, 3]))
        lead = picked[: rng.choice([1, 1, 2])]
        for agency in picked:
            factories.AssignmentFactory(task=task, agency=agency,
                                        role=AssignmentRole.LEAD if agency in lead else AssignmentRole.CO)
        for agency in picked:
            if rng.random() < 0.4:
                factories.ReportFactory(task=task, agency=agency, period=MONTH)
            if rng.random() < 0.3:
                factories.ReportFactory(task=task, agency=agency, period=datetime.date(2021, 8, 1))
        tasks.append(task)
    return tasks, documents


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def collective(agency_a):
    group = factories.AgencyFactory(name="省直相关部门", kind=AgencyKind.COLLECTIVE)
    group.members.add(agency_a)
    return group


@pytest.fixture
def dataset(agency_a, agency_b, collective):
    rng = random.Random(20210925)
    others = [factories.AgencyFactory(name=f"湖南省测试厅{i}") for i in range(3)]
    tasks, documents = build_tasks(60, [agency_a, agency_b, collective, *others], rng)
    return tasks
