"""Recurring report cycles: agency × period is 未报 / 已报 / 逾期未报 on the task page, in the API and in reminders."""

import datetime

import pytest
from django.test import Client

from reminders.models import Reminder
from reporting.periods import task_period_rows
from tasks.choices import DeadlineKind, Recurrence, ReportStatus
from tests import factories
from tests.factories import PASSWORD
from tests.reminders.conftest import office, run_command

pytestmark = pytest.mark.django_db
D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def monthly(agency_a, agency_b):
    task = factories.task_with(lead=[agency_a], co=[agency_b], deadline=D(2026, 12, 31), recurrence=Recurrence.MONTHLY,
                               assigned_on=D(2026, 8, 10), deadline_text="每月5日前")
    factories.ReportFactory(task=task, agency=agency_a, period=D(2026, 11, 1))
    factories.ReportFactory(task=task, agency=agency_b, period=D(2026, 10, 1))
    factories.ReportFactory(task=task, agency=agency_b, period=D(2026, 11, 1), status=ReportStatus.PENDING_HEAD)
    return task


def _states(task, agencies, today):
    rows = task_period_rows(task, [(a.pk, a.name) for a in agencies], today=today, due_day=5)
    return [(row.label, row.agency_name, row.due, row.state_display) for row in rows]


def test_each_agency_and_period_is_reported_not_reported_or_overdue(monthly, agency_a, agency_b):
    # November's report is due 12-05, a Saturday: moved to Monday 12-07. September's 10-05 is National Day: 10-08.
    on_due_day = _states(monthly, [agency_a, agency_b], D(2026, 12, 7))
    assert on_due_day[:2] == [("2026年11月", agency_a.name, D(2026, 12, 7), "已报"),
                              ("2026年11月", agency_b.name, D(2026, 12, 7), "未报")]  # awaiting its head: not yet
    after = _states(monthly, [agency_a, agency_b], D(2026, 12, 8))
    assert after[1][3] == "逾期未报"
    assert after[2:4] == [("2026年10月", agency_a.name, D(2026, 11, 5), "逾期未报"),
                          ("2026年10月", agency_b.name, D(2026, 11, 5), "已报")]
    assert after[4][:3] == ("2026年9月", agency_a.name, D(2026, 10, 8))
    assert [row[0] for row in after][-2:] == ["2026年8月", "2026年8月"]  # from the month of assignment on


def test_ongoing_tasks_report_monthly_and_plain_tasks_have_no_cycle(agency_a):
    ongoing = factories.task_with(lead=[agency_a], deadline=None, deadline_kind=DeadlineKind.ONGOING,
                                  assigned_on=D(2026, 10, 20))
    plain = factories.task_with(lead=[agency_a], assigned_on=D(2026, 1, 5))
    assert _states(ongoing, [agency_a], D(2026, 12, 8)) == [
        ("2026年11月", agency_a.name, D(2026, 12, 7), "逾期未报"), ("2026年10月", agency_a.name, D(2026, 11, 5), "逾期未报")]
    assert _states(plain, [agency_a], D(2026, 12, 8)) == []


def test_quarterly_periods_are_due_after_the_quarter():
    agency = factories.AgencyFactory()
    task = factories.task_with(lead=[agency], recurrence=Recurrence.QUARTERLY, assigned_on=D(2026, 2, 1))
    assert _states(task, [agency], D(2026, 12, 8)) == [
        ("2026年第三季度", agency.name, D(2026, 10, 8), "逾期未报"),
        ("2026年第二季度", agency.name, D(2026, 7, 6), "逾期未报"),  # 07-05 is a Sunday
        ("2026年第一季度", agency.name, D(2026, 4, 7), "逾期未报"),  # 04-05 清明 (4–6)
    ]


def test_api_lists_the_period_states_and_hides_them_from_other_agencies(monthly, liaison_a, agency_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 8, 10, tzinfo=SHANGHAI))
    client = Client()
    client.login(username=liaison_a.username, password=PASSWORD)
    body = client.get(f"/api/tasks/{monthly.pk}/periods/").json()
    assert body[0] == {"agency": {"id": agency_a.pk, "name": "省政务局"},
                       "period": "2026年11月", "period_start": "2026-11-01", "period_end": "2026-11-30",
                       "due": "2026-12-07", "state": "reported", "state_display": "已报"}
    outsider = factories.UserFactory(role="liaison", agency=factories.AgencyFactory(name="省外事办"))
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/api/tasks/{monthly.pk}/periods/").status_code == 404


def test_task_page_shows_the_period_table(monthly, liaison_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 8, 10, tzinfo=SHANGHAI))
    client = Client()
    client.login(username=liaison_a.username, password=PASSWORD)
    html = client.get(f"/tasks/{monthly.pk}/").content.decode()
    assert "定期报送情况" in html and html.count('data-period-state="overdue"') == 6  # Nov B, Oct A, Sep and Aug both
    assert "每月5日前" in html


def test_missing_period_reports_are_reminded_once_a_month_after_the_due_day(monthly, liaison_a, liaison_b, agency_b):
    office(remind_co_agencies=True)  # B is a co-responsible agency
    run_command("--date", "2026-12-07")  # the due day itself: nothing is overdue yet
    assert not Reminder.objects.filter(period="2026-12-定期").exists()
    run_command("--date", "2026-12-08")
    run_command("--date", "2026-12-09")
    rows = Reminder.objects.filter(period="2026-12-定期")  # in-app: the agencies' liaisons
    assert [(r.agency_id, r.task_ids) for r in rows] == [(agency_b.pk, [monthly.pk])]  # A reported November
    assert rows[0].subject.startswith("【定期报送】")
