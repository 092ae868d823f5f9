"""`run_bench`: one table of every measurement, printed and written to bench-results/."""

import json
import os
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings

from . import exports, importer, jobs, pack, web
from .context import build_context
from .environment import machine
from .measure import FAIL, MISSING, PASS, Row, render_text, write_results
from .scale_table import ScaleTable
from .scales import run_scale, scales_for

SECTIONS = ("parse", "import", "api", "dashboard", "liaison", "sweep", "export", "pack")


def run(*, iterations: int, only: set[str], counts: dict, log, results: Path | None = None) -> tuple[list[Row], str]:
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
    write_results(rows, {**info, **counts}, results or Path(settings.BASE_DIR) / "bench-results", header + footer)
    return rows, render_text(rows, header) + footer


def run_scales(*, top: int, iterations: int, only: str, log) -> str:
    """Every scale up to `top` in child runs (bench/scales.py), then one table (bench/scale_table.py)."""
    load_at_start = round(os.getloadavg()[0], 2)
    results = []
    for scale in scales_for(top):
        result = run_scale(scale, base_url=os.environ["DATABASE_URL"], iterations=iterations, only=only, log=log)
        results.append((scale.label, scale.tasks, result))
    return compose_scales(results, load_at_start)


def compose_scales(results: list[tuple[str, int, dict]], load_at_start: float) -> str:
    """The one table of a scale run from the children's JSON; written to bench-results/latest.{json,md}."""
    table = ScaleTable(results)
    info = results[-1][2]["machine"]  # the last child's machine, its load taken as it finished
    sizes = "；".join(
        f"{label}：{r['machine'].get('tasks', 0):,} 项任务、{r['machine'].get('assignments', 0):,} 条分工、"
        f"{r['machine'].get('reports', 0):,} 条报送，负载 {r['machine'].get('loadavg_1m_at_start')}→"
        f"{r['machine'].get('loadavg_1m')}" + (f"（本次生成用时 {r['machine']['generation_seconds']:.0f} s）"
                                                   if r["machine"].get("generation_seconds") else "")
        for label, _n, r in results)
    header = (f"fangguanfu 多规模压测 {info['date']} · {info['nproc']} 核 {info['cpu']} · 内存 {info['ram_gb']} GB · "
              f"PostgreSQL {info['postgresql']} · 负载（1 分钟平均）{load_at_start}→{info['loadavg_1m']} · {sizes}")
    tally = table.tally()
    footer = (f"\n规模比合计：{tally[PASS]} 项达标，{tally[FAIL]} 项未达标，{tally[MISSING]} 项尚不可测；"
              f"各规模明细见 bench-results/<规模>/latest.md")
    folder = Path(settings.BASE_DIR) / "bench-results"
    payload = {"machine": info, "load_at_start": load_at_start,
               "scales": [{"label": label, "tasks": n, **r} for label, n, r in results],
               "ratios": [asdict(r) for r in table.ratio_rows()]}
    (folder / "latest.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "latest.md").write_text(table.markdown(header + footer), encoding="utf-8")
    return table.text(header) + footer
