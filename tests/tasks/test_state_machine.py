"""Every workflow action from every task status: allowed ones move the task, refused ones change nothing."""

import pytest

from reporting import services as report_services
from reporting.models import ProgressReport
from tasks import services
from tasks.choices import EventKind, ReportStatus, ReviewDecision, SignoffStatus, TaskStatus
from tasks.models import OfficeSettings, Review, SignoffRequest, TaskEvent
from tests.factories import ReportFactory, task_with
from tests.helpers import db_state, put_in_status, this_month

S = TaskStatus
ALL = list(S)


def _do(action, task, liaison_a, office_user):
    if action == "report":
        return report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="本月推进情况")
    if action == "request":
        return services.signoff_request(user=liaison_a, task=task, summary="任务已全部完成")
    if action == "approve":
        return services.signoff_approve(user=office_user, task=task, reason="材料齐全")
    if action == "return":
        return services.task_return(user=office_user, task=task, reason="佐证材料不足")
    if action == "reopen":
        return services.task_reopen(user=office_user, task=task, reason="复查发现问题")
    raise AssertionError(action)


# (action, status before) → status after; every pair not listed must be refused.
ALLOWED = {
    ("report", S.NOT_STARTED): S.IN_PROGRESS,
    ("report", S.IN_PROGRESS): S.IN_PROGRESS,
    ("report", S.RETURNED): S.IN_PROGRESS,
    ("request", S.NOT_STARTED): S.SIGNOFF_REQUESTED,
    ("request", S.IN_PROGRESS): S.SIGNOFF_REQUESTED,
    ("request", S.RETURNED): S.SIGNOFF_REQUESTED,
    ("approve", S.SIGNOFF_REQUESTED): S.SIGNED_OFF,
    ("return", S.SIGNOFF_REQUESTED): S.RETURNED,
    ("reopen", S.SIGNED_OFF): S.IN_PROGRESS,
}
ACTIONS = ["report", "request", "approve", "return", "reopen"]
EXPECTED_EVENT = {"report": EventKind.REPORT_SUBMITTED, "request": EventKind.SIGNOFF_REQUESTED,
                  "approve": EventKind.SIGNED_OFF, "return": EventKind.RETURNED, "reopen": EventKind.REOPENED}


@pytest.fixture
def task(agency_a, agency_b):
    return task_with(lead=[agency_a], co=[agency_b])


@pytest.mark.parametrize("action,before", [(a, s) for a in ACTIONS for s in ALL if (a, s) in ALLOWED])
def test_allowed_transition(action, before, task, liaison_a, office_user):
    put_in_status(task, before)
    _do(action, task, liaison_a, office_user)
    task.refresh_from_db()
    assert task.status == ALLOWED[(action, before)]
    assert (task.signed_off_at is not None) == (task.status == S.SIGNED_OFF)
    event = TaskEvent.objects.filter(task=task).latest("id")
    assert event.kind == EXPECTED_EVENT[action]
    if task.status != before:
        assert (event.from_status, event.to_status) == (before, task.status)


@pytest.mark.parametrize("action,before", [(a, s) for a in ACTIONS for s in ALL if (a, s) not in ALLOWED])
def test_refused_transition_changes_nothing(action, before, task, liaison_a, office_user):
    put_in_status(task, before)
    state = db_state()
    with pytest.raises(services.InvalidTransition) as exc:
        _do(action, task, liaison_a, office_user)
    assert "不能" in exc.value.message and S(before).label in exc.value.message
    assert db_state() == state


def test_signoff_closes_request_accepts_reports_and_records_review(task, agency_a, liaison_a, office_user):
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="完成")
    request = services.signoff_request(user=liaison_a, task=task, summary="全部完成")
    review = services.signoff_approve(user=office_user, task=task, reason="同意")
    request.refresh_from_db()
    assert request.status == SignoffStatus.APPROVED
    assert review.signoff_request == request and review.decision == ReviewDecision.SIGN_OFF
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {ReportStatus.ACCEPTED}
    # The office has acted: the accepted report is closed even after the task is reopened.
    services.task_reopen(user=office_user, task=task, reason="复查")
    report = ProgressReport.objects.get()
    state = db_state()
    with pytest.raises(services.InvalidTransition, match="督查室已审阅"):
        report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="改", expected_version=1)
    assert db_state() == state
    assert report.version == 1


def test_return_needs_a_reason_and_reopens_reporting(task, liaison_a, office_user):
    services.signoff_request(user=liaison_a, task=task, summary="完成")
    state = db_state()
    with pytest.raises(services.InvalidInput, match="理由"):
        services.task_return(user=office_user, task=task, reason="  ")
    assert db_state() == state
    services.task_return(user=office_user, task=task, reason="请补充佐证材料")
    assert SignoffRequest.objects.get().status == SignoffStatus.RETURNED
    assert Review.objects.get().reason == "请补充佐证材料"
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="已补充")
    task.refresh_from_db()
    assert task.status == S.IN_PROGRESS


def test_reopen_needs_a_reason(task, office_user):
    put_in_status(task, S.SIGNED_OFF)
    state = db_state()
    with pytest.raises(services.InvalidInput, match="理由"):
        services.task_reopen(user=office_user, task=task, reason="")
    assert db_state() == state


def test_signoff_request_needs_a_summary(task, liaison_a):
    state = db_state()
    with pytest.raises(services.InvalidInput, match="完成情况说明"):
        services.signoff_request(user=liaison_a, task=task, summary=" ")
    assert db_state() == state


class TestHeadApproval:
    @pytest.fixture(autouse=True)
    def _switch_on(self, db):
        cfg = OfficeSettings.load()
        cfg.require_head_approval = True
        cfg.save()

    def test_liaison_report_waits_for_head_then_reaches_office(self, task, liaison_a, head_a):
        report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        task.refresh_from_db()
        assert report.status == ReportStatus.PENDING_HEAD
        assert task.status == S.NOT_STARTED  # nothing has reached the office yet
        report_services.report_approve(user=head_a, report=report)
        report.refresh_from_db()
        task.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED and task.status == S.IN_PROGRESS
        assert TaskEvent.objects.filter(task=task, kind=EventKind.REPORT_APPROVED).count() == 1
        state = db_state()
        with pytest.raises(services.InvalidTransition, match="无需审核"):
            report_services.report_approve(user=head_a, report=report)
        assert db_state() == state

    def test_head_report_goes_straight_through(self, task, head_a):
        report = report_services.report_submit(user=head_a, task=task, period=this_month(), content="进展")
        assert report.status == ReportStatus.SUBMITTED

    def test_liaison_edit_of_submitted_report_goes_back_to_head(self, task, agency_a, liaison_a):
        report = ReportFactory(task=task, agency=agency_a, period=this_month(), status=ReportStatus.SUBMITTED)
        report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="改",
                                        expected_version=report.version)
        assert report.status == ReportStatus.PENDING_HEAD and report.version == 2

    def test_liaison_and_other_head_cannot_approve(self, task, agency_b, liaison_a):
        from tests.factories import UserFactory

        report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="进展")
        other_head = UserFactory(role="head", agency=agency_b)
        state = db_state()
        for user in (liaison_a, other_head):
            with pytest.raises(services.NotAllowed):
                report_services.report_approve(user=user, report=report)
        assert db_state() == state
