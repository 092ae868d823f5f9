"""The trigram indexes of migration tasks/0003 serve the filter's SQL as Django writes it."""

import pytest
from django.db import connection

from tasks.filters import TaskFilterSet
from tasks.models import Task

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # A tiny table would be scanned anyway; with scans off, only a matching index avoids a Seq Scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_chinese_substring_search_uses_the_trigram_indexes():
    filtered = TaskFilterSet({"q": "告知承诺"}, queryset=Task.objects.all()).qs.order_by().values("pk")
    plan = _plan(filtered)
    assert "task_text_trgm_idx" in plan, plan
    assert "task_deadline_text_trgm_idx" in plan, plan
    assert "task_number_idx" in plan, plan
    assert "Seq Scan on tasks_task" not in plan, plan
