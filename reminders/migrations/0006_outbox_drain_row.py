"""The outbox drain's schedule row exists before beat first starts, like the daily jobs' rows (0003).

It repeats every REMINDER_DRAIN_SECONDS as written when this migration was (300 s). It is the code's
plumbing, not a time the office chooses, so the office is not asked about it; beat adds nothing
over an existing row, and an operator may still change the interval in the admin.
"""

from django.db import migrations

NAME = "reminder-outbox-drain"
TASK = "reminders.tasks.outbox_drain_task"
EVERY_SECONDS = 300


def create_row(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    every, _ = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    PeriodicTask.objects.create(name=NAME, task=TASK, interval=every, enabled=True,
                                description="每5分钟补发未送达的提醒（崩溃后遗留、到期重试），并补跑当天错过的定时任务")


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0005_merge_20261203_2208"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
