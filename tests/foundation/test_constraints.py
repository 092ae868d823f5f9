"""Rules the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction

from reminders.choices import Channel, ReminderKind
from reminders.models import Reminder
from tasks.choices import AssignmentRole
from tasks.models import Assignment
from tests import factories


@pytest.mark.django_db
def test_same_agency_cannot_be_assigned_twice_to_a_task(agency_a):
    task = factories.task_with(lead=[agency_a])
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=task, agency=agency_a, role=AssignmentRole.CO)
    assert task.assignments.count() == 1


@pytest.mark.django_db
def test_reminder_key_is_unique(agency_a):
    fields = dict(agency=agency_a, recipient="省政务局", kind=ReminderKind.OVERDUE, channel=Channel.EMAIL,
                  period="2021-10-01", subject="逾期提醒", body="…")
    Reminder.objects.create(key="k1", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(key="k1", **fields)
    assert Reminder.objects.count() == 1


@pytest.mark.django_db
def test_doc_number_unique_only_when_present():
    factories.DocumentFactory(doc_number="")
    factories.DocumentFactory(doc_number="")
    factories.DocumentFactory(doc_number="湘政办函〔2021〕29号")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.DocumentFactory(doc_number="湘政办函〔2021〕29号")


@pytest.mark.django_db
def test_liaison_profile_requires_agency():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.UserFactory(role="liaison", agency=None)
