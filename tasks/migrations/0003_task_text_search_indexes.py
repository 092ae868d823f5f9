"""Indexes for the task list's text search (`q`), PostgreSQL only.

TaskFilterSet.filter_text asks `UPPER(text) LIKE UPPER('%…%') OR number = … OR
UPPER(deadline_text) LIKE …`. Without an index on every branch of the OR,
PostgreSQL scans all tasks (make bench, 100,000 tasks: count 300 ms, page of
100 rows 340 ms). pg_trgm GIN indexes on the same UPPER() expressions, plus a
btree on number, turn it into a BitmapOr of index scans (告知承诺: count
8.6 ms, page 22 ms; 政务服务, 12,000 matches: count 52 ms). pg_trgm hashes
CJK trigrams, so Chinese substrings of three or more characters use the index;
two-character terms still scan.

SQLite (make run) has neither GIN nor pg_trgm: there the migration does
nothing, and the filter works unindexed as before. The indexes are not in
Task.Meta because Django cannot express an operator class portably.
"""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS task_text_trgm_idx ON tasks_task USING gin (UPPER(text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS task_deadline_text_trgm_idx ON tasks_task USING gin (UPPER(deadline_text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS task_number_idx ON tasks_task (number)",
]
NAMES = ["task_text_trgm_idx", "task_deadline_text_trgm_idx", "task_number_idx"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [("tasks", "0002_report_period_task_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
