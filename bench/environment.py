"""The benchmark's database (created, migrated and filled when needed) and the machine it runs on."""

import datetime
import os
import platform
import time
from pathlib import Path

import psycopg2
from django.core.management import call_command
from django.db import connection
from psycopg2 import sql

from documents.models import Document
from reporting.models import ProgressReport
from tasks.models import Task


def ensure_database() -> bool:
    """Create the configured database if it is missing; True when it was created."""
    params = connection.settings_dict
    conn = psycopg2.connect(dbname="postgres", user=params["USER"] or "postgres", password=params["PASSWORD"] or None,
                            host=params["HOST"] or None, port=params["PORT"] or None)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["NAME"])))
            return True
    finally:
        conn.close()


def ensure_load(*, tasks: int, agencies: int, reports: int, regenerate: bool, log, exact: bool = False) -> dict:
    """Migrate, then (re)generate the load when the database holds less than 90% of it, or (`exact`) more
    than 110%: a scale run must not measure its 100k column on a million tasks."""
    call_command("migrate", interactive=False, verbosity=0)
    have = {"tasks": Task.objects.count(), "reports": ProgressReport.objects.count(),
            "documents": Document.objects.count()}
    too_big = exact and (have["tasks"] > tasks * 1.1 or have["reports"] > reports * 1.1)
    if regenerate or too_big or have["tasks"] < tasks * 0.9 or have["reports"] < reports * 0.9:
        log(f"数据量不符（已有 {have['tasks']:,} 项任务、{have['reports']:,} 条报送），重新生成……")
        started = time.perf_counter()
        call_command("generate_load", tasks=tasks, agencies=agencies, reports=reports, reset=True)
        have = {"tasks": Task.objects.count(), "reports": ProgressReport.objects.count(),
                "documents": Document.objects.count(), "generation_seconds": round(time.perf_counter() - started, 1)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tasks_assignment")
        have["assignments"] = cursor.fetchone()[0]
    return have


def vacuum_like_autovacuum(log) -> list[str]:
    """VACUUM ANALYZE the domain tables that autovacuum would clean now (its default thresholds).

    The sweep measurement updates half the open tasks and rolls back: 30,000+
    dead row versions per run, and the visibility map of those pages cleared.
    With autovacuum off (as on this machine) they pile up run after run, and
    every later measurement reads a bloated table with index-only scans that
    must visit the heap (API agency filter 67 -> 97 ms after a few runs). A
    production server's autovacuum removes them within a minute.
    """
    from .copyio import domain_tables

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_dead_tup FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s) AND n_dead_tup > 50 + 0.2 * n_live_tup ORDER BY relname",
            [domain_tables()],
        )
        stale = cursor.fetchall()
        for table, dead in stale:
            log(f"VACUUM ANALYZE {table}（{dead:,} 个死元组，autovacuum 默认阈值已超）")
            cursor.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)).as_string(cursor.connection))
    return [table for table, _dead in stale]


def machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text().splitlines()[0].split()
        ram_gb = round(int(first[1]) / 1024 / 1024, 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "cpu": cpu, "ram_gb": ram_gb, "python": platform.python_version(), "postgresql": pg,
            # Other processes on the machine skew every timing: the table says how busy it was.
            "loadavg_1m": round(os.getloadavg()[0], 2)}
