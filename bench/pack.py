"""The 调度 pack over the benchmark database: changes since the last meeting, the 通报, 考核 scores, reporting load.

Each page is asked as the office (everything) and, where an agency has its own view, as the liaison of
the busiest agency. The since-date is the pack's default (the last meeting, else 30 days back), the
period this month: what a user opening the page gets.
"""

from django.test import Client
from django.urls import Resolver404, resolve

from .context import BenchContext
from .measure import FAIL, Row, count_queries, missing, ms, percentile, time_calls, verdict

# A page of the pack is opened once before a meeting, not on every click: about a second is fine,
# what matters is that it does not grow with the data (the query count is constant, see tests/leadership).
PAGE_MS = 1000
DOCX_MS = 1500  # the 通报 also renders a Word file (docxtpl) of a few hundred rows
QUERIES = 30


def _exists(path: str) -> bool:
    try:
        resolve(path.split("?", 1)[0])
        return True
    except Resolver404:
        return False


def _row(key: str, label: str, url: str, user, iterations: int, limit_ms: int) -> Row:
    target = f"p50 < {ms(limit_ms)}，≤ {QUERIES} 条 SQL"
    if not _exists(url):
        return missing(key, label, target, f"{url} 尚未接入 URL")
    client = Client()
    client.force_login(user)
    first = client.get(url)
    if first.status_code != 200:
        return Row(key, label, f"HTTP {first.status_code}", target, FAIL, {"url": url})
    samples = time_calls(lambda: client.get(url), iterations, warmup=1)
    queries, _ = count_queries(lambda: client.get(url))
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return Row(key, label, f"p50 {ms(p50)}，p95 {ms(p95)}，{queries} 条 SQL", target,
               verdict(p50 < limit_ms and queries <= QUERIES),
               {"p50_ms": p50, "p95_ms": p95, "queries": queries, "bytes": len(first.content), "url": url})


def pack_rows(bc: BenchContext) -> list[Row]:
    # A second or more per call: fewer samples than the API rows, still enough for a p95.
    n = max(5, bc.iterations // 3)
    office, liaison = bc.office, bc.liaison
    return [
        _row("pack.changes.page", "调度变化 /dashboard/changes/（督查室）", "/dashboard/changes/", office, n, PAGE_MS),
        _row("pack.changes.api", "GET /api/changes/（督查室）", "/api/changes/", office, n, PAGE_MS),
        _row("pack.changes.liaison", "GET /api/changes/（联络员）", "/api/changes/", liaison, n, PAGE_MS),
        _row("pack.briefing", "GET /api/briefing.docx 通报（督查室）", "/api/briefing.docx", office, n, DOCX_MS),
        _row("pack.scores.api", "GET /api/scores/（督查室）", "/api/scores/", office, n, PAGE_MS),
        _row("pack.scores.page", "考核得分 /dashboard/scores/（督查室）", "/dashboard/scores/", office, n, PAGE_MS),
        _row("pack.scores.liaison", "GET /api/scores/（联络员）", "/api/scores/", liaison, n, PAGE_MS),
        _row("pack.load.office", "报送负担 /tasks/load/（督查室）", "/tasks/load/", office, n, PAGE_MS),
        _row("pack.load.liaison", "报送负担 /tasks/load/（联络员）", "/tasks/load/", liaison, n, PAGE_MS),
        _row("pack.quality", "报送质量 /tasks/reports/quality/（督查室）", "/tasks/reports/quality/", office, n,
             PAGE_MS),
    ]
