"""The office changes the reminder schedule in the admin (周期任务): a time of day and on/off per job.

The rows exist from the migration, before beat ever ran; beat honours the
office's edits (it adds only missing entries, and reloads on the change marker).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

from fangguanfu.celery import app
from reminders.beat import OfficeEditableScheduler
from tests import factories
from tests.office_setup import office_self_service_rows


def _office_client():
    office_self_service_rows()
    client = Client()
    client.force_login(factories.UserFactory(role="office"))
    return client


@pytest.mark.django_db
def test_the_migration_made_every_settings_entry_before_beat_ran():
    office_self_service_rows()
    rows = {p.name: p for p in PeriodicTask.objects.select_related("crontab", "interval")}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        row = rows[name]
        assert row.task == entry["task"] and row.enabled and row.description
        if isinstance(entry["schedule"], float):  # the outbox drain: every few minutes
            assert row.interval.every == int(entry["schedule"]) and row.interval.period == "seconds"
            continue
        assert (row.crontab.hour, row.crontab.minute) == (str(*entry["schedule"].hour), str(*entry["schedule"].minute))
        assert str(row.crontab.timezone) == "Asia/Shanghai"


@pytest.mark.django_db
def test_office_sees_the_times_and_changes_one():
    client = _office_client()
    listing = client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "08:30" in listing and "08:45" in listing and "每日临期、逾期提醒" in listing
    sweep = PeriodicTask.objects.get(name="daily-reminder-sweep")
    digest = PeriodicTask.objects.select_related("crontab").get(name="daily-escalation-digest")
    marker = PeriodicTasks.last_change()
    form = client.get(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/").content.decode()
    assert 'name="run_at"' in form and 'name="crontab"' not in form and 'value="08:30"' in form
    response = client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/",
                           {"run_at": "07:15", "description": "提前到七点一刻", "_save": "保存"})
    assert response.status_code == 302, response.content.decode()[:2000]
    sweep = PeriodicTask.objects.select_related("crontab").get(pk=sweep.pk)
    assert (sweep.crontab.hour, sweep.crontab.minute, sweep.enabled) == ("7", "15", False)
    assert sweep.description == "提前到七点一刻"
    assert PeriodicTasks.last_change() != marker  # a running beat reloads its schedule
    unchanged = PeriodicTask.objects.select_related("crontab").get(pk=digest.pk)
    assert (unchanged.crontab_id, unchanged.crontab.hour) == (digest.crontab_id, "8")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["25:99", "", "八点"])
def test_a_bad_time_is_refused_in_chinese_and_changes_nothing(value):
    client = _office_client()
    sweep = PeriodicTask.objects.get(name="daily-reminder-sweep")
    crontabs = CrontabSchedule.objects.count()
    response = client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/",
                           {"run_at": value, "enabled": "on"})
    assert response.status_code == 200
    assert ("请输入有效的时间" if value else "请填写执行时间") in response.content.decode()
    assert PeriodicTask.objects.get(pk=sweep.pk).crontab_id == sweep.crontab_id
    assert CrontabSchedule.objects.count() == crontabs


@pytest.mark.django_db
def test_office_cannot_add_or_delete_jobs():
    client = _office_client()
    sweep = PeriodicTask.objects.get(name="daily-reminder-sweep")
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 403
    assert client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PeriodicTask.objects.filter(pk=sweep.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_beat_starting_after_the_office_edit_keeps_it():
    client = _office_client()
    sweep = PeriodicTask.objects.get(name="daily-reminder-sweep")
    # Beat loads only the crontab jobs due within two hours of now: the new time is this hour.
    hour = timezone.localtime().hour
    client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/", {"run_at": f"{hour}:07", "enabled": "on"})
    scheduler = OfficeEditableScheduler(app=app)  # what `celery -A fangguanfu beat` does when it starts
    entry = scheduler.schedule["daily-reminder-sweep"]
    assert (entry.schedule.hour, entry.schedule.minute) == ({hour}, {7})
    client.post(f"/admin/django_celery_beat/periodictask/{sweep.pk}/change/", {"run_at": f"{hour}:07"})  # switched off
    assert "daily-reminder-sweep" not in OfficeEditableScheduler(app=app).schedule
    assert not PeriodicTask.objects.get(pk=sweep.pk).enabled  # and beat's start did not switch it back on
