"""Timing, query counting and the result table of `run_bench`."""

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

PASS, FAIL, MISSING = "PASS", "FAIL", "N/A"
NOT_AVAILABLE = "not available yet"


@dataclass
class Row:
    key: str
    label: str
    result: str
    target: str
    status: str
    metrics: dict = field(default_factory=dict)
    note: str = ""


def missing(key: str, label: str, target: str, why: str) -> Row:
    """A measurement whose code has not landed: no number, and it says so."""
    return Row(key, label, NOT_AVAILABLE, target, MISSING, note=why)


def verdict(ok: bool) -> str:
    return PASS if ok else FAIL


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def time_calls(fn: Callable[[], object], iterations: int, warmup: int = 3) -> list[float]:
    """Milliseconds of each of `iterations` calls, after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def count_queries(fn: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def render_text(rows: list[Row], header: str) -> str:
    widths = [max(len(r.label) for r in rows) + 2, max(len(r.result) for r in rows) + 2,
              max(len(r.target) for r in rows) + 2]
    lines = [header, ""]
    for r in rows:
        lines.append(f"{_pad(r.label, widths[0])}{_pad(r.result, widths[1])}{_pad(r.target, widths[2])}{r.status}")
        if r.note:
            lines.append(f"    {r.note}")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    # CJK characters take two columns in a terminal.
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width + (width // 2) - shown)


def render_markdown(rows: list[Row], header: str) -> str:
    lines = [header, "", "| 项目 | 结果 | 目标 | 判定 |", "|---|---|---|---|"]
    for r in rows:
        note = f"<br>{r.note}" if r.note else ""
        lines.append(f"| {r.label} | {r.result}{note} | {r.target} | {r.status} |")
    return "\n".join(lines) + "\n"


def write_results(rows: list[Row], machine: dict, folder: Path, header: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine, "rows": [asdict(r) for r in rows]}
    (folder / "latest.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "latest.md").write_text(render_markdown(rows, header), encoding="utf-8")
