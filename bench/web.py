"""Requests through Django's test client over the benchmark database: API list, dashboard, liaison list."""

from urllib.parse import urlencode

from django.test import Client
from django.urls import Resolver404, resolve

from tasks.warnings import warning_context

from .context import SEARCH_TERMS, BenchContext
from .measure import FAIL, Row, count_queries, missing, ms, percentile, time_calls, verdict
from .raw import fetch_page, page_query

API_TARGET = "p50 < 60 ms，p95 < 120 ms"
RATIO_TARGET = "≤ 2"  # issue 19: every API list within 2x the tightest hand-written SQL


def url_exists(path: str) -> bool:
    try:
        resolve(path)
        return True
    except Resolver404:
        return False


def _filters(bc: BenchContext) -> list[tuple[str, str, str, object]]:
    """(row key, query parameter, label, value): the keys stay distinct, a scale run matches rows by key."""
    return [
        ("agency", "agency", "按责任单位", bc.agency_id),
        ("overdue", "overdue", "已逾期", "true"),
        ("document", "document", "按文件", bc.document_id),
        ("q", "q", f"全文搜索“{SEARCH_TERMS[0]}”", SEARCH_TERMS[0]),
        ("q_rare", "q", f"全文搜索“{SEARCH_TERMS[1]}”", SEARCH_TERMS[1]),
    ]


def _timed_page(client: Client, url: str, iterations: int) -> tuple[list[float], int, object]:
    first = client.get(url)
    samples = time_calls(lambda: client.get(url), iterations)
    queries, _ = count_queries(lambda: client.get(url))
    return samples, queries, first


def api_rows(bc: BenchContext) -> list[Row]:
    if not url_exists("/api/tasks/"):
        rows = []
        for name, _param, label, _value in _filters(bc):
            rows.append(missing(f"api.{name}", f"GET /api/tasks/ {label}", API_TARGET, "/api/tasks/ 尚未接入 URL"))
            rows.append(missing(f"ratio.{name}", f"  接口/原生SQL 耗时比 {label}", RATIO_TARGET, "同上"))
        return rows
    client = Client(HTTP_AUTHORIZATION=f"Token {bc.token}")
    ctx = warning_context()
    rows = []
    for name, param, label, value in _filters(bc):
        url = "/api/tasks/?" + urlencode({"page_size": 100, param: value})
        samples, queries, first = _timed_page(client, url, bc.iterations)
        title = f"GET /api/tasks/ {label}"
        if first.status_code != 200:
            rows.append(Row(f"api.{name}", title, f"HTTP {first.status_code}", API_TARGET, FAIL))
            continue
        body = first.json()
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        rows.append(Row(
            f"api.{name}", title, f"p50 {ms(p50)}，p95 {ms(p95)}", API_TARGET, verdict(p50 < 60 and p95 < 120),
            {"p50_ms": p50, "p95_ms": p95, "queries": queries, "count": body["count"],
             "rows": len(body["results"]), "url": url},
            note=f"{len(body['results'])} 行 / 共 {body['count']:,} 项，{queries} 条 SQL",
        ))
        rows.append(_ratio_row(name, param, label, value, ctx, p50, [r["id"] for r in body["results"]],
                               bc.iterations))
    return rows + deep_rows(bc)


DEEP_SHARE = 0.9  # the page 90% of the way down the office's whole list


def deep_rows(bc: BenchContext) -> list[Row]:
    """A deep page of the whole list by page number (OFFSET and COUNT) and by cursor (keyset, tasks/api/keyset.py),
    against the first cursor page: a keyset page costs the same at any depth."""
    client = Client(HTTP_AUTHORIZATION=f"Token {bc.token}")
    total = client.get("/api/tasks/?page_size=1").json()["count"]
    page = max(2, int(total / 100 * DEEP_SHARE))
    before = client.get("/api/tasks/?" + urlencode({"page_size": 100, "page": page - 1}))
    if before.status_code != 200 or "next_cursor" not in before.json():
        return [missing("api.deep_cursor", "GET /api/tasks/ 深页（游标 cursor）", "p50 ≤ 2× 游标首页",
                        "任务列表尚无 cursor 分页")]
    cursor = before.json()["next_cursor"]
    timed = {}
    for name, query in (("first", {"page_size": 100, "cursor": ""}), ("page", {"page_size": 100, "page": page}),
                        ("cursor", {"page_size": 100, "cursor": cursor})):
        samples, queries, first = _timed_page(client, "/api/tasks/?" + urlencode(query), bc.iterations)
        timed[name] = (percentile(samples, 50), percentile(samples, 95), queries, first)
    page_ids = [r["id"] for r in timed["page"][3].json()["results"]]
    cursor_ids = [r["id"] for r in timed["cursor"][3].json()["results"]]
    first_p50 = timed["first"][0]
    rows = []
    for key, label, name in (("api.deep_page", "GET /api/tasks/ 90% 深处一页（页码 page）", "page"),
                             ("api.deep_cursor", "GET /api/tasks/ 同一页（游标 cursor）", "cursor")):
        p50, p95, queries, _first = timed[name]
        ratio = p50 / first_p50 if first_p50 else float("inf")
        ok = name == "page" or (ratio <= 2 and cursor_ids == page_ids)
        rows.append(Row(key, label, f"p50 {ms(p50)}，p95 {ms(p95)}，{queries} 条 SQL",
                        "参照" if name == "page" else "p50 ≤ 2× 游标首页，行与页码相同",
                        "—" if name == "page" else verdict(ok),
                        {"p50_ms": p50, "p95_ms": p95, "queries": queries, "page": page, "over_first": ratio,
                         "first_cursor_p50_ms": first_p50, "same_rows": cursor_ids == page_ids},
                        note=f"第 {page:,} 页 / 共 {total:,} 项；游标首页 p50 {ms(first_p50)}，本页 {ratio:.1f}×"
                        + ("" if name == "page" else ("，行与页码一致" if cursor_ids == page_ids else "，行与页码不一致"))))
    return rows


def _ratio_row(name, param, label, value, ctx, api_p50, api_ids, iterations) -> Row:
    sql, params = page_query(param, value, ctx)
    raw = fetch_page(sql, params)
    raw_samples = time_calls(lambda: fetch_page(sql, params), iterations)
    raw_p50 = percentile(raw_samples, 50)
    ratio = api_p50 / raw_p50 if raw_p50 else float("inf")
    raw_ids = [r[0] for r in raw]
    same = "行与接口一致" if raw_ids == api_ids else (
        "行集合一致、顺序不同" if set(raw_ids) == set(api_ids) else "行与接口不一致")
    return Row(f"ratio.{name}", f"  接口/原生SQL 耗时比 {label}", f"{ratio:.1f}×", RATIO_TARGET, verdict(ratio <= 2),
               {"ratio": ratio, "api_p50_ms": api_p50, "sql_p50_ms": raw_p50, "same_rows": raw_ids == api_ids},
               note=f"接口 p50 {ms(api_p50)} / SQL p50 {ms(raw_p50)}，{same}")


def _page_row(key, label, path, user, iterations, target, check) -> Row:
    if not url_exists(path):
        return missing(key, label, target, f"{path} 尚未接入 URL")
    client = Client()
    client.force_login(user)
    samples, queries, first = _timed_page(client, path, iterations)
    if first.status_code != 200:
        return Row(key, label, f"HTTP {first.status_code}", target, FAIL)
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return Row(key, label, f"p50 {ms(p50)}，p95 {ms(p95)}，{queries} 条 SQL", target, verdict(check(p50, queries)),
               {"p50_ms": p50, "p95_ms": p95, "queries": queries, "bytes": len(first.content)})


TRIVIAL_PATH = "/accounts/password/"
REDIRECT_PATH = "/"


def _reference_row(bc: BenchContext, key: str, path: str, label: str, status: int) -> Row:
    """`status` is the answer the reference must give: a rendered page that answered with a redirect (to the
    login page, say) would be a cheaper reference than the page it claims to be."""
    client = Client()
    client.force_login(bc.leader)
    samples, queries, first = _timed_page(client, path, bc.iterations)
    if first.status_code != status:
        return Row(key, label, f"HTTP {first.status_code}", "驾驶舱的参照", FAIL)
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return Row(key, label, f"p50 {ms(p50)}，p95 {ms(p95)}，{queries} 条 SQL", "驾驶舱的参照", "—",
               {"p50_ms": p50, "p95_ms": p95, "queries": queries, "status": first.status_code,
                "bytes": len(first.content)})


def trivial_row(bc: BenchContext) -> Row:
    """The trivial authenticated page the dashboard is judged against, in the same run on the same machine:
    a leader's 修改密码 page renders the whole layout (session, user, role, navigation, unread count,
    middleware) and a form, and reads no data. The redirect of GET / (earlier runs' reference) renders
    nothing; it is kept as a second row so the two references can be compared."""
    return _reference_row(bc, "dashboard.trivial", TRIVIAL_PATH, "简单登录页面 GET /accounts/password/（领导，修改密码）", 200)


def redirect_row(bc: BenchContext) -> Row:
    return _reference_row(bc, "dashboard.redirect", REDIRECT_PATH, "  登录后的跳转 GET /（领导，不渲染页面）", 302)


def dashboard_rows(bc: BenchContext) -> list[Row]:
    rows = [trivial_row(bc), redirect_row(bc), _page_row("dashboard.page", "领导驾驶舱 /dashboard/（领导）", "/dashboard/", bc.leader,
                      max(10, bc.iterations // 3), "< 300 ms，≤ 15 条 SQL", lambda p50, q: p50 < 300 and q <= 15)]
    if url_exists("/api/dashboard/"):
        rows.append(_page_row("dashboard.api", "GET /api/dashboard/（领导）", "/api/dashboard/", bc.leader,
                              max(10, bc.iterations // 3), "< 300 ms，≤ 15 条 SQL",
                              lambda p50, q: p50 < 300 and q <= 15))
    return rows


def liaison_rows(bc: BenchContext) -> list[Row]:
    return [_page_row("liaison.list", "联络员任务列表 /tasks/", "/tasks/", bc.liaison, bc.iterations,
                      "p50 < 80 ms", lambda p50, q: p50 < 80)]
