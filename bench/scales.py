"""`make bench SCALE=N`: the same measurements at 10k, 100k and N tasks in one run, one database per scale.

Each scale is measured by a child `run_bench` (its own process, its own
DATABASE_URL) so that one scale's connections, caches and memory never colour
another's; the parent only reads the children's JSON and prints one table
(bench/scale_table.py). Databases are named after the configured one:
fangguanfu_bench -> fangguanfu_10k_bench, fangguanfu_100k_bench, fangguanfu_1m_bench,
so bench/guard.py's _bench suffix still protects real data.
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from .guard import BENCH_SUFFIX

# Per task, as in the 100k bench (100,000 tasks / 500,000 reports). The agencies stay 500 at every scale:
# the dashboard and the sweep are then measured against the task count alone.
REPORTS_PER_TASK = 5
AGENCIES = 500
BASE_SCALES = (10_000, 100_000)


@dataclass(frozen=True)
class Scale:
    tasks: int

    @property
    def label(self) -> str:
        if self.tasks % 1_000_000 == 0:
            return f"{self.tasks // 1_000_000}m"
        if self.tasks % 1_000 == 0:
            return f"{self.tasks // 1_000}k"
        return str(self.tasks)

    @property
    def reports(self) -> int:
        return self.tasks * REPORTS_PER_TASK


def scales_for(top: int) -> list[Scale]:
    """10k and 100k (those not above `top`) and `top` itself, smallest first."""
    return [Scale(n) for n in sorted({n for n in BASE_SCALES if n <= top} | {top})]


def database_url_for(base_url: str, scale: Scale) -> str:
    """The scale's own database beside the configured one: …/fangguanfu_bench -> …/fangguanfu_1m_bench."""
    parts = urlsplit(base_url)
    name = parts.path.lstrip("/")
    stem = name[: -len(BENCH_SUFFIX)] if name.endswith(BENCH_SUFFIX) else name
    return urlunsplit(parts._replace(path=f"/{stem}_{scale.label}{BENCH_SUFFIX}"))


def run_scale(scale: Scale, *, base_url: str, iterations: int, only: str, log) -> dict:
    """One child run_bench on the scale's database; returns its JSON (rows, machine, counts)."""
    out = Path(settings.BASE_DIR) / "bench-results" / scale.label
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "manage.py", "run_bench", "--tasks", str(scale.tasks), "--reports",
               str(scale.reports), "--agencies", str(AGENCIES), "--iterations", str(iterations),
               "--results", str(out), "--exact"]
    if only:
        command += ["--only", only]
    env = {**os.environ, "DATABASE_URL": database_url_for(base_url, scale)}
    log(f"== 规模 {scale.tasks:,} 项任务（{env['DATABASE_URL'].rsplit('/', 1)[-1]}）==")
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as child:
        for line in child.stdout:  # the child's progress (generation steps, sections) as it happens
            log("  " + line.rstrip())
    if child.returncode != 0:
        raise RuntimeError(f"规模 {scale.label} 的压测失败（退出码 {child.returncode}）")
    result = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    result["seconds"] = time.perf_counter() - started
    return result
