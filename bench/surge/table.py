"""Per request type: p50/p95/p99 and errors, idle and surge, and the ratio of the p95s (target ≤ 5)."""

import math
from collections import defaultdict

P95_RATIO_TARGET = 5.0


def percentile(sorted_ms: list[float], p: float) -> float | None:
    """Nearest rank: the smallest sample with at least p of the samples at or below it."""
    if not sorted_ms:
        return None
    rank = max(1, math.ceil(p * len(sorted_ms)))
    return sorted_ms[rank - 1]


def summarise(samples: list) -> dict[str, dict]:
    """samples: (name, ms, ok) → per name: count, errors, p50, p95, p99, max (ms, successful requests)."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for name, ms, ok, *_when in samples:
        if ok:
            times[name].append(ms)
        else:
            errors[name] += 1
    out = {}
    for name in sorted(set(times) | set(errors)):
        ms = sorted(times[name])
        out[name] = {"count": len(ms) + errors[name], "errors": errors[name], "p50": percentile(ms, 0.50),
                     "p95": percentile(ms, 0.95), "p99": percentile(ms, 0.99), "max": ms[-1] if ms else None}
    return out


def timeline(samples: list, bucket_seconds: int = 60) -> list[dict]:
    """All request types together, by the minute they started in: where the surge began to queue."""
    buckets: dict[int, list] = defaultdict(list)
    for _name, ms, ok, *when in samples:
        if when:
            buckets[int(when[0] // bucket_seconds)].append((ms, ok))
    out = []
    for minute in sorted(buckets):
        ms = sorted(m for m, ok in buckets[minute] if ok)
        out.append({"minute": minute + 1, "requests": len(buckets[minute]),
                    "errors": sum(1 for _m, ok in buckets[minute] if not ok),
                    "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95)})
    return out


def compare(idle: dict[str, dict], surge: dict[str, dict]) -> list[dict]:
    rows = []
    for name in sorted(set(idle) | set(surge)):
        i, s = idle.get(name, {}), surge.get(name, {})
        ratio = s["p95"] / i["p95"] if s.get("p95") and i.get("p95") else None
        rows.append({"name": name, "idle": i, "surge": s, "p95_ratio": None if ratio is None else round(ratio, 2),
                     "ratio_ok": ratio is not None and ratio <= P95_RATIO_TARGET,
                     "errors_ok": not s.get("errors") and not i.get("errors")})
    return rows


def offered_load(rows: list[dict], seconds: float) -> float | None:
    """Busy workers the surge asked for, at idle speed: Σ(surge requests × idle p50) ÷ surge seconds.

    Above the cores the app really gets, the queue can only grow, whatever the worker count.
    """
    work = sum(r["surge"].get("count", 0) * (r["idle"].get("p50") or 0) for r in rows) / 1000
    return round(work / seconds, 2) if seconds else None


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def markdown(result: dict) -> str:
    m, ledger, sweep = result["machine"], result["ledger"], result["sweep"]
    lines = [
        f"fangguanfu 月末高峰 {m['date']} · {m['nproc']} 核 {m['cpu']} · 内存 {m['ram_gb']} GB · PostgreSQL "
        f"{m['postgresql']} · gunicorn {result['workers']} 个 worker（TLS）+ Celery worker · "
        f"{result['data']['tasks']:,} 项任务、{result['data']['reports']:,} 条报送",
        f"负载（os.getloadavg，1 分钟）：高峰前 {m['load_before']}，高峰中 {m['load_during_min']}–{m['load_during_max']}"
        f"（均值 {m['load_during_mean']}），高峰后 {m['load_after']}",
        f"空闲基线 {result['idle_seconds']} s（1 名联络员、1 名领导依次请求）；高峰 {result['surge_minutes']} 分钟："
        f"{result['liaisons']} 名联络员（前一半时间陆续登录）、{result['leaders']} 名领导；思考时间 翻页 "
        f"{result['think']['page']} s、填表 {result['think']['form']} s、驾驶舱 {result['think']['leader']} s；"
        f"高峰共 {result['requests']['surge']:,} 个请求（{result['requests']['surge_per_second']}/s）",
        "",
        "| 请求 | 空闲 n | 空闲 p50 / p95 / p99 (ms) | 高峰 n | 高峰 p50 / p95 / p99 (ms) | 错误 | 高峰 p95 ÷ 空闲 p95 | 判定 |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["rows"]:
        i, s = row["idle"], row["surge"]
        verdict = "PASS" if row["ratio_ok"] and row["errors_ok"] else "FAIL"
        ratio = "—" if row["p95_ratio"] is None else f"{row['p95_ratio']:.1f}×"
        lines.append(
            f"| {row['name']} | {i.get('count', 0)} | {_ms(i.get('p50'))} / {_ms(i.get('p95'))} / {_ms(i.get('p99'))}"
            f" | {s.get('count', 0)} | {_ms(s.get('p50'))} / {_ms(s.get('p95'))} / {_ms(s.get('p99'))}"
            f" | {s.get('errors', 0) + i.get('errors', 0)} | {ratio} | {verdict} |")
    if result.get("timeline"):
        lines += ["", "高峰逐分钟（按请求开始的分钟，所有请求合计）：",
                  "", "| 分钟 | 请求 | 错误 | p50 (ms) | p95 (ms) |", "|---:|---:|---:|---:|---:|"]
        lines += [f"| {t['minute']} | {t['requests']} | {t['errors']} | {_ms(t['p50'])} | {_ms(t['p95'])} |"
                  for t in result["timeline"]]
    if result.get("offered_load") is not None:
        lines += ["", f"按空闲 p50 估算，高峰的请求平均需要 {result['offered_load']} 个同时忙碌的 worker"
                      f"（本机 {m['nproc']} 核，与其他进程共用）。"]
    once = "PASS" if ledger["exactly_once"] else "FAIL"
    lines += [
        "",
        f"恰好一次（{once}）：服务器接受 {ledger['accepted']} 份报送，库中各恰好一条 {ledger['found_once']}；"
        f"缺失 {ledger['missing_count']}，重复 {ledger['duplicated_count']}，附件不符 {ledger['attachments_wrong_count']}，"
        f"来历不明 {ledger['unknown_count']}；被拒或超时 {ledger['refused']}（其中已入库 {ledger['unacknowledged_count']}）",
        f"提醒扫描：高峰第 {sweep['triggered_at_s']} s 由 Celery 执行 — {sweep['outcome']}",
        f"合计：{result['passed']} 项达标，{result['failed']} 项未达标（每类请求 p95 ≤ {P95_RATIO_TARGET:g}× 空闲且 0 错误；"
        "报送恰好一次）",
    ]
    return "\n".join(lines) + "\n"
