"""The reminder schedule's rows exist before beat first starts, and the office (督查室) may change them.

The entries mirror CELERY_BEAT_SCHEDULE as it was when this migration was
written (a migration keeps its own copy: settings change later, history does
not). Beat's OfficeEditableScheduler adds only missing entries, so these rows
and the office's later edits stay as they are. The office gets view and change
on 周期任务 (times and on/off), not add or delete: the jobs are the code's.
"""

from django.db import migrations

from agencies import group_grants

SCHEDULE = [
    ("daily-reminder-sweep", "reminders.tasks.reminder_sweep_task", "8", "30", "每日临期、逾期提醒"),
    ("daily-escalation-digest", "reminders.tasks.escalation_digest_task", "8", "45", "每日红牌升级汇总（发督查室）"),
    ("monthly-roll-call", "reminders.tasks.monthly_roll_call_task", "9", "0", "一月一调度：月度调度日提醒报送"),
]
OFFICE_GRANTS = ["view_periodictask", "change_periodictask"]


def create_rows(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute, description in SCHEDULE:
        if PeriodicTask.objects.filter(name=name).exists():
            continue  # beat ran before this migration: its row (and any edit) stays
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai")
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True, description=description)


def grant(apps, schema_editor):
    group_grants.grant(apps, "督查室", "django_celery_beat", OFFICE_GRANTS)


def revoke(apps, schema_editor):
    group_grants.revoke(apps, "督查室", "django_celery_beat", OFFICE_GRANTS)


def forwards(apps, schema_editor):
    create_rows(apps, schema_editor)
    grant(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_celery_task_names"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("agencies", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, revoke)]
