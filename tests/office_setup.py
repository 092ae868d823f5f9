"""The rows the office's self-service needs from data migrations, restored for tests.

A transactional test (browser tests, the beat tests) flushes every table, and
with it the groups' permissions, the schedule rows and the 督办设置 row that
migrations made. Each helper runs the migration's own function, so the test
checks what the migration does; each is safe on a database that has the rows.
"""

import importlib

from django.apps import apps


def _migration(name: str):
    return importlib.import_module(name)


def office_self_service_rows() -> None:
    _migration("agencies.migrations.0002_role_groups").create_groups(apps, None)
    _migration("agencies.migrations.0003_office_manages_accounts").grant(apps, None)
    _migration("reminders.migrations.0003_schedule_rows_and_office_edits").forwards(apps, None)
    _migration("reminders.migrations.0006_outbox_drain_row").create_row(apps, None)
    _migration("tasks.migrations.0009_office_settings_row").create_row(apps, None)
