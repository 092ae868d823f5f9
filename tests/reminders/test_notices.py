"""Notices: the liaison hears about a returned report, a sign-off decision (with the reason) and a deadline
change, through the reminders' delivery (inbox always, e-mail/webhook as the agency chose), once per event."""

import pytest
from django.core import mail
from django.db import transaction

from reminders.choices import Channel, DeliveryStatus, ReminderKind
from reminders.delivery import reminders_deliver
from reminders.dues import reminder_context
from reminders.models import Notification, Reminder
from reporting import services as report_services
from tasks import services
from tasks.choices import EventKind
from tasks.guards import record_event
from tasks.models import TaskEvent
from tasks.signals import event_recorded
from tests import factories
from tests.factories import task_with
from tests.helpers import this_month

from .conftest import agency, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return agency("省政务局", emails=("zwj@example.gov.cn",))


@pytest.fixture
def co():
    return agency("省司法厅", emails=())


@pytest.fixture
def people(lead, co):
    return {
        "lead_liaison": factories.UserFactory(role="liaison", agency=lead),
        "lead_head": factories.UserFactory(role="head", agency=lead),
        "co_liaison": factories.UserFactory(role="liaison", agency=co),
        "office": factories.UserFactory(role="office"),
    }


@pytest.fixture
def task(lead, co):
    return task_with(lead=[lead], co=[co], text="推进工程建设项目审批制度改革")


def _inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", "body", "url"))


def _request_signoff(task, people):
    report_services.report_submit(user=people["lead_liaison"], task=task, period=this_month(), content="已完成")
    services.signoff_request(user=people["lead_liaison"], task=task, summary="全部完成")


def test_office_return_reaches_the_lead_liaison_with_the_reason(task, people):
    _request_signoff(task, people)
    services.task_return(user=people["office"], task=task, reason="请补充验收材料")
    [(title, body, url)] = _inbox(people["lead_liaison"])
    assert title == f"【销号退回】任务 {task.number}：督查室退回了销号申请"
    assert "理由：请补充验收材料" in body and url == f"/tasks/{task.pk}/"
    # The co-agency did not ask for the sign-off; the head is not the one who does the work.
    assert _inbox(people["co_liaison"]) == [] and _inbox(people["lead_head"]) == []


def test_sign_off_approval_reaches_the_lead_liaison(task, people):
    _request_signoff(task, people)
    services.signoff_approve(user=people["office"], task=task, reason="材料齐全")
    [(title, body, _)] = _inbox(people["lead_liaison"])
    assert "【同意销号】" in title and "说明：材料齐全" in body


def test_head_return_reaches_the_liaison(task, people):
    office(require_head_approval=True)
    report = report_services.report_submit(user=people["lead_liaison"], task=task, period=this_month(),
                                           content="进展")
    report_services.report_return(user=people["lead_head"], report=report, reason="数据不准确")
    [(title, body, _)] = _inbox(people["lead_liaison"])
    assert title.startswith("【进展退回】") and "数据不准确" in body
    assert _inbox(people["co_liaison"]) == []


def test_deadline_change_reaches_every_agency_on_the_task(task, people):
    with transaction.atomic():
        record_event(task, EventKind.DEADLINE_CHANGED, people["office"], message="完成时限改为 2027年6月30日")
    for who in ("lead_liaison", "co_liaison"):
        [(title, body, _)] = _inbox(people[who])
        assert title.startswith("【时限变更】") and "2027年6月30日" in body


def test_other_events_send_nothing(task, people):
    report_services.report_submit(user=people["lead_liaison"], task=task, period=this_month(), content="进展")
    assert Reminder.objects.filter(kind=ReminderKind.NOTICE).count() == 0
    assert Notification.objects.count() == 0


def test_exactly_once_per_event_on_every_channel(task, people):
    _request_signoff(task, people)
    services.task_return(user=people["office"], task=task, reason="请补充")
    event = TaskEvent.objects.get(task=task, kind=EventKind.RETURNED)
    event_recorded.send(sender=TaskEvent, event=event)  # a repeated signal for the same event
    rows = Reminder.objects.filter(kind=ReminderKind.NOTICE)
    assert sorted(rows.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.INBOX]
    assert Notification.objects.count() == 1
    # E-mail leaves after the commit (queued, or picked up by the next run); a second run sends nothing.
    reminders_deliver(rctx=reminder_context())
    reminders_deliver(rctx=reminder_context())
    assert [m.to for m in mail.outbox] == [["zwj@example.gov.cn"]]
    assert "【销号退回】" in mail.outbox[0].subject and "请补充" in mail.outbox[0].body
    assert set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_webhook_when_the_agency_has_one(task, people, lead, webhook):
    lead.webhook_url = webhook.url
    lead.save()
    _request_signoff(task, people)
    services.signoff_approve(user=people["office"], task=task)
    reminders_deliver(rctx=reminder_context())
    assert len(webhook.calls) == 1 and "【同意销号】" in webhook.calls[0]["json"]["text"]["content"]


def test_a_decision_rolled_back_leaves_no_notice(task, people):
    _request_signoff(task, people)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.task_return(user=people["office"], task=task, reason="请补充")
        raise RuntimeError("the surrounding work failed")
    assert Notification.objects.count() == 0 and Reminder.objects.filter(kind=ReminderKind.NOTICE).count() == 0
