"""The surge's own parts that must be right for its numbers to mean anything (not timed):

- the account writer: every planned account logs in through the real login form with the known
  password, liaisons sharing an agency split its tasks, and a second run replaces the first;
- the exactly-once checker: each way a report can be lost, doubled or left unexplained is caught;
- the table: nearest-rank percentiles and the p95 ratio against the target.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from agencies.choices import AgencyKind, Role
from bench.surge import accounts, ledger, table
from reporting.models import ReportAttachment
from tasks.choices import TaskStatus
from tests.factories import AgencyFactory, ReportFactory, TaskFactory, task_with

pytestmark = pytest.mark.django_db

PASSWORD = "Surge-Test-Passw0rd"


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(username: str, password: str = PASSWORD):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.context["csrf_token"]
    return client, client.post("/accounts/login/", {"username": username, "password": password,
                                                    "csrfmiddlewaretoken": str(token)})


def test_busiest_agencies_counts_tasks_left_to_report_this_month_and_skips_collective_names():
    busy, quiet = AgencyFactory(name="省数据局"), AgencyFactory(name="省商务厅")
    collective = AgencyFactory(name="各市州人民政府", kind=AgencyKind.COLLECTIVE)
    busy_tasks = [task_with(lead=[busy, collective], status=TaskStatus.IN_PROGRESS) for _ in range(4)]
    # Reported this month already: nothing left to report there. Last month's report leaves it open.
    ReportFactory(task=busy_tasks[0], agency=busy, period=timezone.localdate().replace(day=1))
    ReportFactory(task=busy_tasks[1], agency=busy, period=datetime.date(2021, 5, 1))
    task_with(lead=[quiet], status=TaskStatus.NOT_STARTED)
    # Locked tasks take no report: they do not count.
    task_with(lead=[quiet], status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    task_with(lead=[quiet], status=TaskStatus.SIGNOFF_REQUESTED)
    assert accounts.busiest_agencies(10, min_tasks=1) == [(busy.id, 3), (quiet.id, 1)]
    assert accounts.busiest_agencies(10, min_tasks=2) == [(busy.id, 3)]


def test_written_accounts_log_in_through_the_form_and_shared_agencies_split_their_tasks():
    first, second = AgencyFactory(name="省政务局"), AgencyFactory(name="省发改委")
    plan = accounts.plan_accounts(liaisons=3, leaders=2, agencies=[first.id, second.id])
    assert accounts.write_accounts(plan, PASSWORD) == 3 + 2 + 2

    liaisons = plan["liaisons"]
    assert [a.agency_id for a in liaisons] == [first.id, second.id, first.id]
    # Two liaisons of the first agency, plus the idle liaison sharing it: three slots, one each.
    shared = [a for a in liaisons + plan["idle_liaisons"] if a.agency_id == first.id]
    assert sorted(a.slot for a in shared) == [0, 1, 2] and {a.slots for a in shared} == {3}

    User = get_user_model()
    users = User.objects.filter(username__startswith=accounts.PREFIX)
    assert len({u.password for u in users}) == 1  # hashed once
    assert {u.profile.role for u in users if "leader" in u.username} == {Role.LEADER}
    assert User.objects.get(username="surge_liaison_002").profile.agency_id == second.id

    client, answer = _login("surge_liaison_001")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert client.get("/tasks/").status_code == 200
    _client, wrong = _login("surge_leader_01", "not-the-password")
    assert wrong.status_code == 200 and "用户名或密码不正确" in wrong.content.decode()

    # A second run replaces the accounts instead of adding to them.
    accounts.write_accounts(accounts.plan_accounts(liaisons=1, leaders=1, agencies=[first.id]), PASSWORD)
    assert sorted(User.objects.filter(username__startswith=accounts.PREFIX).values_list("username", flat=True)) == [
        "surge_idle_leader", "surge_idle_liaison", "surge_leader_01", "surge_liaison_001"]


def test_plan_refuses_an_empty_database():
    with pytest.raises(ValueError, match="没有可报送任务的单位"):
        accounts.plan_accounts(liaisons=3, leaders=1, agencies=[])


def _stored(marker: str, attachments: int = 1, **kwargs):
    period = timezone.localdate().replace(day=1)
    report = ReportFactory(task=TaskFactory(), period=period, content=f"【{marker}】本月推进情况。", **kwargs)
    for i in range(attachments):
        ReportAttachment.objects.create(report=report, stored_name=f"{i}.pdf", original_name="佐证.pdf",
                                        content_type="application/pdf", size=10, file=f"attachments/{i}.pdf")
    return report


def test_checker_accepts_every_accepted_report_stored_once_with_its_attachment():
    sent = [{"marker": ledger.marker_text("RUN1", f"S{i:03d}", 1), "accepted": True, "attachments": 1}
            for i in range(3)]
    for sub in sent:
        _stored(sub["marker"])
    _stored(ledger.marker_text("OTHER", "S000", 1))  # another run's report is none of this run's business
    check = ledger.check_submissions("RUN1", sent)
    assert check.exactly_once and check.accepted == check.found_once == 3


@pytest.mark.parametrize("fault", ["missing", "duplicated", "attachments_wrong", "unknown"])
def test_checker_catches_each_way_a_report_goes_wrong(fault):
    good = {"marker": ledger.marker_text("RUN2", "S001", 1), "accepted": True, "attachments": 1}
    bad = {"marker": ledger.marker_text("RUN2", "S002", 1), "accepted": True, "attachments": 1}
    _stored(good["marker"])
    submissions = [good, bad]
    if fault == "duplicated":
        _stored(bad["marker"])
        _stored(bad["marker"])
    elif fault == "attachments_wrong":
        _stored(bad["marker"], attachments=0)
    elif fault == "unknown":
        _stored(bad["marker"])
        submissions = [good]  # stored, yet locust never sent it
    check = ledger.check_submissions("RUN2", submissions)
    assert not check.exactly_once
    assert getattr(check, fault) == [bad["marker"]]
    assert check.as_dict(limit=20)[f"{fault}_count"] == 1


def test_a_refused_post_that_was_stored_is_reported_but_is_no_loss():
    accepted = {"marker": ledger.marker_text("RUN3", "S001", 1), "accepted": True, "attachments": 1}
    timed_out = {"marker": ledger.marker_text("RUN3", "S001", 2), "accepted": False, "attachments": 1}
    never_stored = {"marker": ledger.marker_text("RUN3", "S001", 3), "accepted": False, "attachments": 1}
    _stored(accepted["marker"])
    _stored(timed_out["marker"])
    check = ledger.check_submissions("RUN3", [accepted, timed_out, never_stored])
    assert check.exactly_once
    assert check.refused == 2 and check.unacknowledged == [timed_out["marker"]]


def test_checker_with_nothing_accepted_is_not_a_pass():
    assert not ledger.check_submissions("RUN4", []).exactly_once


def test_percentiles_are_nearest_rank_and_the_ratio_is_judged_against_five():
    ms = sorted(float(x) for x in range(1, 101))
    assert (table.percentile(ms, 0.5), table.percentile(ms, 0.95), table.percentile(ms, 0.99)) == (50, 95, 99)
    assert table.percentile([7.0], 0.99) == 7.0 and table.percentile([], 0.5) is None

    idle = table.summarise([("任务页", 100.0, True)] * 20)
    surge = table.summarise([("任务页", 400.0, True)] * 19 + [("任务页", 600.0, True), ("任务页", 0.0, False)])
    row, = table.compare(idle, surge)
    assert surge["任务页"]["errors"] == 1 and surge["任务页"]["count"] == 21
    assert row["p95_ratio"] == 4.0 and row["ratio_ok"] and not row["errors_ok"]
    slow = table.summarise([("任务页", 501.0, True)] * 20)
    assert not table.compare(idle, slow)[0]["ratio_ok"]


def test_timeline_buckets_requests_by_the_minute_they_started():
    samples = [("任务页", 100.0, True, 5.0), ("任务页", 300.0, True, 59.9), ("驾驶舱", 900.0, False, 61.0),
               ("驾驶舱", 2000.0, True, 130.0)]
    assert table.timeline(samples) == [
        {"minute": 1, "requests": 2, "errors": 0, "p50": 100.0, "p95": 300.0},
        {"minute": 2, "requests": 1, "errors": 1, "p50": None, "p95": None},
        {"minute": 3, "requests": 1, "errors": 0, "p50": 2000.0, "p95": 2000.0},
    ]


def test_offered_load_is_surge_requests_times_idle_p50_per_second():
    rows = table.compare(table.summarise([("任务页", 200.0, True)] * 3 + [("驾驶舱", 1000.0, True)]),
                         table.summarise([("任务页", 900.0, True)] * 300 + [("驾驶舱", 5000.0, True)] * 30))
    assert table.offered_load(rows, 60) == round((300 * 0.2 + 30 * 1.0) / 60, 2)


@pytest.mark.django_db
def test_the_surge_leaves_the_mornings_sweep_to_the_surge_not_to_the_workers_catch_up():
    """Run after the sweep's time (08:30 every day), the worker's start-up drain used to run the whole sweep in
    the idle phase, and the sweep queued in the surge found nothing to send."""
    from django.core.cache import cache

    from bench.surge.run import settle_daily_jobs
    from ops.models import Heartbeat
    from reminders.catch_up import missed_jobs

    surge_starts = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(10, 5)))
    Heartbeat.objects.all().delete()
    cache.clear()
    assert "daily-reminder-sweep" in missed_jobs(now=surge_starts)
    settle_daily_jobs(at=surge_starts)
    cache.clear()  # the stack's Redis is emptied before it starts: the database copy must be enough
    assert missed_jobs(now=surge_starts) == []
