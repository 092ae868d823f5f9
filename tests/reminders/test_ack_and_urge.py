"""超期未签收: one reminder after N working days (holidays do not count), never a second one; a warning on
the part from then on. 催办 is recorded with the urge and sent once per channel."""

import datetime

import pytest
import time_machine
from django.core import mail

from reminders.ack_dues import ack_cutoff
from reminders.choices import Channel, ReminderKind
from reminders.delivery import reminders_sweep
from reminders.models import Notification, Reminder
from tasks import assignments as parts
from tasks.choices import AssignmentState
from tasks.models import Assignment
from tests import factories
from tests.factories import task_with

from .conftest import agency, at, office

pytestmark = pytest.mark.django_db
D = datetime.date


def test_cutoff_counts_working_days_only():
    # Mon 2021-09-13: three working days back is Wed 09-08 (Thu, Fri, Mon counted).
    assert ack_cutoff(D(2021, 9, 13), 3) == D(2021, 9, 8)
    # 2021-10-08 (Fri, first day after the National Day holiday, 10-01…10-07 off): 3 working days → 09-28
    # (09-29, 09-30, 10-08); the holiday week does not count.
    assert ack_cutoff(D(2021, 10, 8), 3) == D(2021, 9, 28)


def test_unacknowledged_part_is_reminded_once_after_n_working_days():
    a = agency("省政务局", emails=("zwj@example.gov.cn",))
    liaison = factories.UserFactory(role="liaison", agency=a)
    office(ack_days=3)
    with time_machine.travel(at("2021-09-08", 9), tick=False):  # Wednesday
        task = task_with(lead=[a], deadline=D(2021, 12, 31))
        acked = task_with(lead=[a], deadline=D(2021, 12, 31))
    parts.assignment_acknowledge(user=liaison, assignment=Assignment.objects.get(task=acked))
    for day in ("2021-09-10", "2021-09-12"):  # Fri (2 working days), Sun (still 2)
        with time_machine.travel(at(day), tick=False):
            reminders_sweep()
    assert not Reminder.objects.filter(kind=ReminderKind.ACK_OVERDUE).exists()
    with time_machine.travel(at("2021-09-13"), tick=False):  # Monday: the third working day
        reminders_sweep()
    rows = Reminder.objects.filter(kind=ReminderKind.ACK_OVERDUE)
    assert sorted(rows.values_list("channel", flat=True)) == [Channel.EMAIL, Channel.INBOX]
    assert all(r.task_ids == [task.pk] for r in rows)  # the acknowledged one is not listed
    ack_mails = [m for m in mail.outbox if "签收" in m.subject]
    assert len(ack_mails) == 1 and "超期未签收" in ack_mails[0].subject
    assert Notification.objects.get(recipient=liaison, reminder__kind=ReminderKind.ACK_OVERDUE).url == f"/tasks/{task.pk}/"
    part = Assignment.objects.get(task=task)
    assert part.state == AssignmentState.PENDING and part.ack_reminded_at is not None
    for day in ("2021-09-13", "2021-09-14", "2021-09-20"):  # the same day again, and later: never twice
        with time_machine.travel(at(day, 10), tick=False):
            reminders_sweep()
    assert Reminder.objects.filter(kind=ReminderKind.ACK_OVERDUE).count() == 2
    assert len([m for m in mail.outbox if "签收" in m.subject]) == 1


def test_collective_part_reminds_its_members_and_the_setting_is_respected():
    from agencies.choices import AgencyKind

    group = agency("各市州人民政府", emails=(), kind=AgencyKind.COLLECTIVE)
    city = agency("长沙市人民政府", emails=("cs@example.gov.cn",), kind=AgencyKind.PREFECTURE)
    group.members.add(city)
    office(ack_days=5)
    with time_machine.travel(at("2021-09-08", 9), tick=False):
        task_with(lead=[group], deadline=D(2021, 12, 31))
    with time_machine.travel(at("2021-09-13"), tick=False):  # 3 working days < 5
        reminders_sweep()
    assert not Reminder.objects.filter(kind=ReminderKind.ACK_OVERDUE).exists()
    with time_machine.travel(at("2021-09-15"), tick=False):  # the fifth
        reminders_sweep()
    assert set(Reminder.objects.filter(kind=ReminderKind.ACK_OVERDUE).values_list("agency_id", flat=True)) == {city.pk}
