"""减负: the form starts from last period's report, 本月无新进展 in one click, the reporting load, one report a month."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import ProgressReport
from reporting.services import NO_PROGRESS_TEXT, report_submit
from tasks.choices import EventKind, TaskStatus
from tasks.models import OfficeSettings, TaskEvent
from tests import factories

pytestmark = pytest.mark.django_db


def _months():
    this = timezone.localdate().replace(day=1)
    return this, (this - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def task(agency_a, agency_b):
    return factories.task_with(lead=[agency_a], co=[agency_b], deadline=timezone.localdate() + datetime.timedelta(90),
                               status=TaskStatus.IN_PROGRESS)


def test_the_form_starts_from_last_period(client, liaison_a, agency_a, task):
    this, last = _months()
    factories.ReportFactory(task=task, agency=agency_a, period=last, content="上月：完成清单梳理",
                            problems="数据共享不畅", next_steps="下月上线", percent=40)
    client.force_login(liaison_a)
    response = client.get(f"/tasks/{task.pk}/report/")
    form = response.context["form"]
    assert form.initial["content"] == "上月：完成清单梳理" and form.initial["percent"] == 40
    assert form.initial["period"] == this and "version" not in form.initial  # a new report, not an edit
    assert "已按本单位" in response.content.decode()
    # The one-click form posts the month of the form.
    assert f'name="period" value="{this:%Y-%m}"' in response.content.decode()


def test_no_progress_is_one_click_and_recorded_as_such(client, liaison_a, agency_a, task):
    this, last = _months()
    factories.ReportFactory(task=task, agency=agency_a, period=last, percent=40)
    client.force_login(liaison_a)
    response = client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": this.strftime("%Y-%m")})
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task, agency=agency_a, period=this)
    assert report.no_progress and report.content == NO_PROGRESS_TEXT and report.percent == 40
    assert report.problems == "" and report.next_steps == ""
    event = TaskEvent.objects.filter(task=task, kind=EventKind.REPORT_SUBMITTED).latest("id")
    assert "本月无新进展" in event.message and event.agency_id == agency_a.pk
    # A second click does not make a second report (one per task × agency × month).
    client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": this.strftime("%Y-%m")})
    assert ProgressReport.objects.filter(task=task, agency=agency_a).count() == 2
    assert client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": "2021-13"}).status_code == 302


def test_no_progress_from_the_other_side(client, task, liaison_b, office_user, leader_user):
    this, _last = _months()
    outsider = factories.UserFactory(role="liaison", agency=factories.AgencyFactory(name="湖南省财政厅"))
    client.force_login(outsider)
    assert client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": this.strftime("%Y-%m")}).status_code == 404
    for user in (office_user, leader_user):
        client.force_login(user)
        assert client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": this.strftime("%Y-%m")}).status_code == 403
    assert not ProgressReport.objects.exists()
    client.force_login(liaison_b)  # the co-agency reports its own part
    client.post(f"/tasks/{task.pk}/report/no-progress/", {"period": this.strftime("%Y-%m")})
    assert ProgressReport.objects.get().agency_id == liaison_b.profile.agency_id


def test_typing_the_words_is_the_same_fact(liaison_a, task):
    this, _last = _months()
    report = report_submit(user=liaison_a, task=task, period=this, content=NO_PROGRESS_TEXT)
    assert report.no_progress


def test_one_report_per_task_agency_and_month_in_the_database(task, agency_a):
    this, _last = _months()
    factories.ReportFactory(task=task, agency=agency_a, period=this)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(task=task, agency=agency_a, period=this, content="再报一次")


def test_each_agency_sees_its_load_and_the_office_sees_everyone(client, task, agency_a, agency_b, liaison_a,
                                                                  liaison_b, office_user):
    this, _last = _months()
    second = factories.task_with(lead=[agency_a], status=TaskStatus.IN_PROGRESS)
    factories.task_with(lead=[agency_a], status=TaskStatus.SIGNED_OFF, signed_off_at=timezone.now())
    factories.ReportFactory(task=second, agency=agency_a, period=this)
    client.force_login(liaison_a)
    response = client.get("/tasks/load/")
    assert response.context["total"] == {"owed": 2, "reported": 1, "missing": 1}
    assert [a.task_id for a in response.context["owed"]] == [task.pk, second.pk]  # missing first
    client.force_login(liaison_b)  # B is only a co-agency: it owes nothing unless the office reminds co-agencies
    assert client.get("/tasks/load/").context["total"]["owed"] == 0
    OfficeSettings.objects.update_or_create(pk=1, defaults={"remind_co_agencies": True})  # the one row
    assert client.get("/tasks/load/").context["total"] == {"owed": 1, "reported": 0, "missing": 1}
    client.force_login(office_user)
    rows = {r["name"]: r for r in client.get("/tasks/load/").context["by_agency"]}
    assert (rows["省政务局"]["owed"], rows["省政务局"]["missing"]) == (2, 1)
    assert (rows["省司法厅"]["owed"], rows["省司法厅"]["missing"]) == (1, 1)


def test_load_pages_cost_the_same_at_n_and_2n(client, agency_a, agency_b, liaison_a, office_user):
    def grow(n):
        for _ in range(n):
            t = factories.task_with(lead=[agency_a, agency_b], status=TaskStatus.IN_PROGRESS)
            factories.ReportFactory(task=t, agency=agency_a, period=timezone.localdate().replace(day=1))

    def count(user):
        client.force_login(user)
        client.get("/tasks/load/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tasks/load/").status_code == 200
        return len(ctx.captured_queries)

    grow(3)
    first = (count(liaison_a), count(office_user))
    grow(6)
    assert (count(liaison_a), count(office_user)) == first and max(first) <= 15
