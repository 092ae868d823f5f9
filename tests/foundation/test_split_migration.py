"""A database migrated before the room split (reports and reminders in tasks/) migrates after it with
every row kept: the models changed app, their tables did not (issue 12).

The test database is taken back to the last migration before the split, filled through the models as
they were then, and migrated forward again.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_SPLIT = [("tasks", "0006_assignment_agency_role_task_index"), ("reporting", None), ("reminders", None)]


def _migrate(targets):
    """Migrate to `targets`; the models as the database now has them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # The state of exactly the applied migrations (what django-test-migrations reads too).
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


def _leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _fill_old_schema(apps):
    """Rows in every moved table, written through the pre-split models."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentTypeOld = apps.get_model("contenttypes", "ContentType")
    Agency = apps.get_model("agencies", "Agency")
    Document = apps.get_model("documents", "Document")
    Plan = apps.get_model("documents", "Plan")
    Task = apps.get_model("tasks", "Task")
    Report = apps.get_model("tasks", "ProgressReport")
    Attachment = apps.get_model("tasks", "ReportAttachment")
    Reminder = apps.get_model("tasks", "Reminder")
    Notification = apps.get_model("tasks", "Notification")
    HistoricalReport = apps.get_model("tasks", "HistoricalProgressReport")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")

    user = User.objects.create(username="before_split")
    agency = Agency.objects.create(name="拆分前的单位", short_name="拆分前")
    document = Document.objects.create(title="拆分前导入的方案", year=2021)
    plan = Plan.objects.create(document=document, title="方案", order=1, year=2021)
    task = Task.objects.create(document=document, plan=plan, number="1", order=1, text="拆分前的任务")
    report = Report.objects.create(task=task, agency=agency, author=user, period=datetime.date(2021, 5, 1),
                                   content="五月进展", percent=40)
    HistoricalReport.objects.create(
        id=report.pk, task=task, agency=agency, author=user, period=report.period, content="五月进展",
        problems="", next_steps="", percent=40, status=report.status, version=1,
        submitted_at=report.submitted_at, updated_at=report.updated_at,
        history_date=report.submitted_at, history_type="+", history_change_reason="报送进展",
    )
    attachment = Attachment.objects.create(report=report, file="attachments/1/1/abc.pdf", stored_name="abc.pdf",
                                           original_name="佐证.pdf", content_type="application/pdf", size=10)
    reminder = Reminder.objects.create(key="k" * 64, agency=agency, recipient="拆分前", kind="overdue",
                                       channel="inbox", period="2021-05", subject="逾期", body="正文")
    notification = Notification.objects.create(recipient=user, reminder=reminder, title="逾期提醒")
    # The office's group holds a permission on the moved model, through its content type.
    ct, _ = ContentTypeOld.objects.get_or_create(app_label="tasks", model="progressreport")
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename="change_progressreport",
                                               defaults={"name": "Can change 进展报送"})
    group = Group.objects.create(name="拆分前的角色组")
    group.permissions.add(perm)
    crontab = CrontabSchedule.objects.create(minute="17", hour="7")
    PeriodicTask.objects.create(name="办公室改过时间的提醒", task="tasks.tasks.reminder_sweep_task",
                                crontab=crontab, enabled=False)
    return {"report": report.pk, "attachment": attachment.pk, "reminder": reminder.pk,
            "notification": notification.pk, "task": task.pk, "group": group.pk}


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_split():
    latest = _leaf_nodes()
    old_apps = _migrate(BEFORE_SPLIT)
    ids = _fill_old_schema(old_apps)

    _migrate(latest)
    ContentType.objects.clear_cache()

    from django.contrib.auth.models import Group
    from django_celery_beat.models import PeriodicTask

    from reminders.models import Notification, Reminder
    from reporting.models import ProgressReport, ReportAttachment

    report = ProgressReport.objects.get(pk=ids["report"])
    assert (report.task_id, report.content, report.percent) == (ids["task"], "五月进展", 40)
    assert report.history.get().history_change_reason == "报送进展"
    assert ReportAttachment.objects.get(pk=ids["attachment"]).report_id == report.pk
    assert Reminder.objects.get(pk=ids["reminder"]).subject == "逾期"
    assert Notification.objects.get(pk=ids["notification"]).reminder_id == ids["reminder"]
    # The group's permission now names the model in its new room.
    perm = Group.objects.get(pk=ids["group"]).permissions.get()
    assert (perm.content_type.app_label, perm.codename) == ("reporting", "change_progressreport")
    assert not ContentType.objects.filter(app_label="tasks", model="progressreport").exists()
    # The office's edited schedule row keeps its time and switch, under the job's new name.
    row = PeriodicTask.objects.get(name="办公室改过时间的提醒")
    assert (row.task, row.crontab.hour, row.crontab.minute, row.enabled) == (
        "reminders.tasks.reminder_sweep_task", "7", "17", False)
