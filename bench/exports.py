"""The Excel export of 10,000 tasks, in a subprocess so its peak memory (RSS) is its own."""

import json
import os
import subprocess
import sys

from django.conf import settings

from .jobs import _optional
from .measure import FAIL, Row, missing, ms, verdict

EXPORT_TARGET = "< 10 s，峰值内存 < 500 MB"
EXPORT_TASKS = 10_000


def export_rows() -> list[Row]:
    label = f"导出 {EXPORT_TASKS:,} 项任务为 Excel"
    if _optional("leadership.exports", "write_xlsx") is None:
        return [missing("export", label, EXPORT_TARGET, "leadership.exports.write_xlsx 尚未提交")]
    # DEBUG off in the child too: DEBUG's query log would grow with every query.
    env = {**os.environ, "DEBUG": "0"}
    done = subprocess.run([sys.executable, "-m", "bench.export_child", str(EXPORT_TASKS)],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return [Row("export", label, "导出失败", EXPORT_TARGET, FAIL, note=done.stderr.strip()[-300:])]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    seconds, peak = result["seconds"], result["peak_rss_mb"]
    return [Row(
        "export", label, f"{ms(seconds * 1000)}，峰值 RSS {peak:.0f} MB", EXPORT_TARGET,
        verdict(seconds < 10 and peak < 500 and result["tasks"] == EXPORT_TASKS), result,
        note=(f"子进程峰值 RSS（ru_maxrss，导出前 RSS {result['rss_before_mb']:.0f} MB）；"
              f"{result['tasks']:,} 行，{result['queries']} 条 SQL，文件 {result['bytes'] / 1024 / 1024:.1f} MB"),
    )]
