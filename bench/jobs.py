"""Parsing the seeds and the reminder sweep, measured in-process."""

import importlib
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from workdays.calendar import roll_forward

from .measure import Row, count_queries, missing, ms, verdict

PARSE_TARGET = "合计 < 1 s"
SWEEP_TARGET = "< 30 s，SQL 条数与任务数无关"
PER_REMINDER = 5  # queries per reminder sent through the outbox (reminders/outbox.py claim + finish)


def _optional(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def parse_rows() -> list[Row]:
    time_seed_parsing = _optional("documents.parsing.bench", "time_seed_parsing")
    label = "解析五份种子文件"
    if time_seed_parsing is None:
        return [missing("parse", label, PARSE_TARGET, "documents.parsing.bench.time_seed_parsing 尚未提交")]
    paths = sorted((Path(settings.BASE_DIR) / "fixtures" / "documents").glob("*.txt"))
    result = time_seed_parsing(paths)
    seconds = result["seconds"]
    slowest = max(result["per_file"].items(), key=lambda kv: kv[1]) if result.get("per_file") else ("", 0)
    return [Row("parse", label, ms(seconds * 1000), PARSE_TARGET, verdict(seconds < 1 and len(paths) == 5),
                {"seconds": seconds, "files": len(paths), "per_file": result.get("per_file", {})},
                note=f"{len(paths)} 份文件，最慢 {slowest[0]} {ms(slowest[1] * 1000)}")]


class _Rollback(Exception):
    pass


def _in_rollback(fn, prepare=None):
    """Run fn (after prepare) in a transaction that is rolled back, so the sweep can be repeated."""
    outcome = {}
    try:
        with transaction.atomic():
            if prepare:
                prepare()
            started = time.perf_counter()
            queries, result = count_queries(fn)
            outcome.update(seconds=time.perf_counter() - started, queries=queries, result=result)
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def _sign_off_half():
    # Half the open tasks signed off: the same agencies, half the due tasks.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_task SET status = 'signed_off', signed_off_at = now() "
                       "WHERE id % 2 = 0 AND status <> 'signed_off'")


def sweep_rows() -> list[Row]:
    sweep = _optional("reminders.delivery", "reminders_sweep")
    label = "提醒扫描（每日临期/逾期提醒）"
    if sweep is None:
        return [missing("sweep", label, SWEEP_TARGET, "reminders.delivery.reminders_sweep 尚未提交")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM tasks_task), (SELECT count(*) FROM tasks_assignment)")
        tasks, assignments = cursor.fetchone()
    # As of the next working day from today: on a rest day the sweep rightly sends nothing (and costs nothing).
    day = roll_forward(timezone.localdate())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        full = _in_rollback(lambda: sweep(today=day, dry_run=False))
        half = _in_rollback(lambda: sweep(today=day, dry_run=False), prepare=_sign_off_half)
    # The rolled-back UPDATE of half the tasks left as many dead row versions and cleared the visibility map:
    # without a VACUUM the next run's counts read the heap instead of the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tasks_task")
    sent_full, sent_half = full["result"].sent, half["result"].sent
    # Queries may follow the number of reminders (one per agency and channel), never the number of tasks.
    # An e-mail or webhook costs PER_REMINDER of them: the outbox claims it (SAVEPOINT, SELECT … FOR UPDATE,
    # UPDATE, RELEASE: the savepoints because the bench runs inside a transaction) and records the outcome.
    independent = full["queries"] - half["queries"] <= max(0, sent_full - sent_half) * PER_REMINDER
    return [Row(
        "sweep", label, f"{ms(full['seconds'] * 1000)}，{full['queries']} 条 SQL", SWEEP_TARGET,
        verdict(full["seconds"] < 30 and independent),
        {"seconds": full["seconds"], "queries": full["queries"], "reminders": sent_full, "tasks": tasks,
         "assignments": assignments, "queries_half_due": half["queries"], "reminders_half_due": sent_half},
        note=(f"{tasks:,} 项任务 / {assignments:,} 条分工，按 {day:%Y-%m-%d}（工作日）计算，发出 {sent_full} 条提醒"
              "（事务内执行后回滚）；"
              f"半数任务销号后 {half['queries']} 条 SQL、{sent_half} 条提醒"),
    )]
