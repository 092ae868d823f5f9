"""The beat schedule reaches the database, where the office edits it in the admin (周期任务)."""

import pytest
from django_celery_beat.models import PeriodicTask

from fangguanfu.celery import app
from reminders import tasks as jobs
from reminders.beat import OfficeEditableScheduler

# The scheduler closes the database connection: no test-wrapping transaction may be open.
pytestmark = pytest.mark.django_db(transaction=True)


def test_database_scheduler_syncs_the_settings_schedule_on_start():
    OfficeEditableScheduler(app=app)  # what `celery -A fangguanfu beat` does when it starts
    rows = {p.name: p for p in PeriodicTask.objects.select_related("crontab")}
    sweep = rows["daily-reminder-sweep"]
    assert sweep.task == "reminders.tasks.reminder_sweep_task" and sweep.enabled
    assert (sweep.crontab.hour, sweep.crontab.minute, str(sweep.crontab.timezone)) == ("8", "30", "Asia/Shanghai")
    assert rows["daily-escalation-digest"].task == "reminders.tasks.escalation_digest_task"
    assert rows["monthly-roll-call"].task == "reminders.tasks.monthly_roll_call_task"
    for name in ("reminder_sweep_task", "escalation_digest_task", "monthly_roll_call_task"):
        assert f"reminders.tasks.{name}" in app.tasks and getattr(jobs, name).name == f"reminders.tasks.{name}"


def test_settings_name_the_editable_scheduler():
    assert app.conf.beat_scheduler == "reminders.beat:OfficeEditableScheduler"


def test_a_time_changed_by_the_office_survives_a_beat_restart():
    OfficeEditableScheduler(app=app)
    sweep = PeriodicTask.objects.select_related("crontab").get(name="daily-reminder-sweep")
    sweep.crontab.hour, sweep.crontab.minute = "7", "45"
    sweep.crontab.save()
    sweep.enabled = False
    sweep.save()
    OfficeEditableScheduler(app=app)  # beat restarts
    sweep = PeriodicTask.objects.select_related("crontab").get(name="daily-reminder-sweep")
    assert (sweep.enabled, sweep.crontab.hour, sweep.crontab.minute) == (False, "7", "45")
