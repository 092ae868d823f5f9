"""`run_bench`: one table of every measurement, printed and written to bench-results/."""

import os
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings

from . import exports, importer, jobs, pack, web
from .context import build_context
from .environment import machine
from .measure import FAIL, MISSING, PASS, Row, render_text, write_results

SECTIONS = ("parse", "import", "api", "dashboard", "liaison", "sweep", "export", "pack")


def run(*, iterations: int, only: set[str], counts: dict, log) -> tuple[list[Row], str]:
    rows: list[Row] = []
    load_at_start = round(os.getloadavg()[0], 2)
    # Timings without DEBUG's query log, as in production.
    with override_settings(DEBUG=False):
        bc = build_context(iterations)
        steps = {
            "parse": jobs.parse_rows,
            "import": importer.import_rows,
            "api": lambda: web.api_rows(bc),
            "dashboard": lambda: web.dashboard_rows(bc),
            "liaison": lambda: web.liaison_rows(bc),
            "sweep": jobs.sweep_rows,
            "export": exports.export_rows,
            "pack": lambda: pack.pack_rows(bc),
        }
        for name in SECTIONS:
            if only and name not in only:
                continue
            log(f"测量 {name} ……")
            rows.extend(steps[name]())
    info = {**machine(), "loadavg_1m_at_start": load_at_start}
    header = (f"fangguanfu 压测 {info['date']} · {info['nproc']} 核 {info['cpu']} · 内存 {info['ram_gb']} GB · "
              f"PostgreSQL {info['postgresql']} · 负载 {load_at_start}→{info['loadavg_1m']} · {counts.get('tasks', 0):,} 项任务、"
              f"{counts.get('assignments', 0):,} 条分工、{counts.get('reports', 0):,} 条报送")
    tally = {s: sum(r.status == s for r in rows) for s in (PASS, FAIL, MISSING)}
    footer = f"\n合计：{tally[PASS]} 项达标，{tally[FAIL]} 项未达标，{tally[MISSING]} 项尚不可测（not available yet）"
    write_results(rows, {**info, **counts}, Path(settings.BASE_DIR) / "bench-results", header + footer)
    return rows, render_text(rows, header) + footer
