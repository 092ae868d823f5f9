from django.db import migrations

RENAMED = {
    "tasks.tasks.reminder_sweep_task": "reminders.tasks.reminder_sweep_task",
    "tasks.tasks.escalation_digest_task": "reminders.tasks.escalation_digest_task",
    "tasks.tasks.monthly_roll_call_task": "reminders.tasks.monthly_roll_call_task",
}


def _rename(apps, mapping):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in mapping.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


class Migration(migrations.Migration):
    """The Celery jobs moved with the reminders code; the office's schedule rows keep their times and switches."""

    dependencies = [
        ("reminders", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, _: _rename(apps, RENAMED),
            lambda apps, _: _rename(apps, {new: old for old, new in RENAMED.items()}),
        ),
    ]
