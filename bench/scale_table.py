"""One table for a multi-scale run: a column per scale, then the growth ratios issue 19 asks for.

Absolute times differ from machine to machine, so the verdicts of a scale run
are ratios measured in the same run; the absolute figures stand beside them.
"""

from .measure import FAIL, MISSING, PASS, Row, ms, verdict

DASHBOARD_GROWTH = 1.5  # dashboard p50 at the top scale / at 100k
DASHBOARD_OVER_TRIVIAL = 3.0  # dashboard p50 / a trivial authenticated request, same scale
DASHBOARD_QUERIES = 15
API_OVER_SQL = 2.0  # API list p50 / the hand-written SQL of the same rows
SWEEP_GROWTH = 3.0  # sweep time at the top scale / at 100k
EXPORT_PEAK_MB = 500


def _by_key(result: dict) -> dict[str, dict]:
    return {row["key"]: row for row in result["rows"]}


def _metric(rows: dict, key: str, name: str):
    row = rows.get(key)
    return (row or {}).get("metrics", {}).get(name)


class ScaleTable:
    def __init__(self, results: list[tuple[str, int, dict]]):
        # (label, tasks, child JSON), smallest scale first
        self.results = results
        self.labels = [label for label, _n, _r in results]
        self.rows = [_by_key(r) for _l, _n, r in results]

    # -- the per-scale rows -------------------------------------------------------------------------------------
    def measurement_lines(self) -> list[tuple[str, list[str], str, str]]:
        keys: list[str] = []
        for rows in self.rows:
            keys += [k for k in rows if k not in keys]
        lines = []
        for key in keys:
            present = [rows.get(key) for rows in self.rows]
            first = next(r for r in present if r)
            cells = [r["result"] if r else "—" for r in present]
            top = present[-1]
            lines.append((first["label"], cells, first["target"], top["status"] if top else MISSING))
        return lines

    # -- the growth ratios ------------------------------------------------------------------------------------
    def ratio_rows(self) -> list[Row]:
        rows = [self._dashboard_growth(), self._dashboard_over_trivial(), self._dashboard_queries()]
        rows += self._api_over_sql()
        rows += [self._sweep_growth(), self._sweep_queries(), self._export_peak()]
        return [r for r in rows if r is not None]

    def _per_scale(self, key: str, name: str) -> list:
        return [_metric(rows, key, name) for rows in self.rows]

    def _index_100k(self) -> int | None:
        for i, (_label, tasks, _r) in enumerate(self.results):
            if tasks == 100_000:
                return i
        return None

    def _growth(self, key: str, label: str, limit: float, unit_seconds: bool = False) -> Row:
        name = "seconds" if unit_seconds else "p50_ms"
        values = self._per_scale(key, name)
        base_i, top = self._index_100k(), values[-1]
        target = f"{self.labels[-1]}/100k ≤ {limit}"
        if base_i is None or base_i == len(values) - 1 or values[base_i] is None or top is None:
            target = f"更大规模/100k ≤ {limit}"
            return Row(f"scale.{key}.growth", label, "—", target, MISSING, note="需要 100k 与更大规模的同次测量")
        ratio = top / values[base_i] if values[base_i] else float("inf")
        shown = [ms(v * 1000 if unit_seconds else v) if v is not None else "—" for v in values]
        return Row(f"scale.{key}.growth", label, f"{ratio:.2f}×", target, verdict(ratio <= limit),
                   {"ratio": ratio, "values": values},
                   note="、".join(f"{lab} {v}" for lab, v in zip(self.labels, shown, strict=True)))

    def _dashboard_growth(self) -> Row:
        return self._growth("dashboard.page", "驾驶舱 p50 增长", DASHBOARD_GROWTH)

    def _dashboard_over_trivial(self) -> Row:
        dash, trivial = self._per_scale("dashboard.page", "p50_ms"), self._per_scale("dashboard.trivial", "p50_ms")
        ratios = [d / t if d is not None and t else None for d, t in zip(dash, trivial, strict=True)]
        top = ratios[-1]
        target = f"≤ {DASHBOARD_OVER_TRIVIAL}（{self.labels[-1]}）"
        if top is None:
            return Row("scale.dashboard.trivial", "驾驶舱 / 简单登录页面 p50", "—", target, MISSING)
        return Row("scale.dashboard.trivial", "驾驶舱 / 简单登录页面 p50", f"{top:.1f}×", target,
                   verdict(top <= DASHBOARD_OVER_TRIVIAL), {"ratios": ratios},
                   note=self._series(ratios, "×", dash, trivial))

    def _series(self, ratios, unit, num, den) -> str:
        parts = []
        for label, r, n, d in zip(self.labels, ratios, num, den, strict=True):
            parts.append(f"{label} {r:.1f}{unit}（{ms(n)} / {ms(d)}）" if r is not None else f"{label} —")
        return "；".join(parts)

    def _dashboard_queries(self) -> Row:
        counts = self._per_scale("dashboard.page", "queries")
        known = [c for c in counts if c is not None]
        target = f"≤ {DASHBOARD_QUERIES}，各规模"
        if not known:
            return Row("scale.dashboard.queries", "驾驶舱 SQL 条数", "—", target, MISSING)
        return Row("scale.dashboard.queries", "驾驶舱 SQL 条数", " / ".join(str(c) for c in counts), target,
                   verdict(all(c <= DASHBOARD_QUERIES for c in known)), {"queries": counts})

    def _api_over_sql(self) -> list[Row]:
        keys = [k for k in self.rows[-1] if k.startswith("ratio.")]
        out = []
        for key in keys:
            ratios = self._per_scale(key, "ratio")
            api, sql = self._per_scale(key, "api_p50_ms"), self._per_scale(key, "sql_p50_ms")
            label = "接口/原生SQL p50" + self.rows[-1][key]["label"].split("耗时比", 1)[-1]
            known = [r for r in ratios if r is not None]
            out.append(Row(f"scale.{key}", label, " / ".join(f"{r:.1f}×" if r is not None else "—" for r in ratios),
                           f"≤ {API_OVER_SQL}，各规模", verdict(bool(known) and max(known) <= API_OVER_SQL),
                           {"ratios": ratios}, note=self._series(ratios, "×", api, sql)))
        return out

    def _sweep_growth(self) -> Row:
        return self._growth("sweep", "提醒扫描耗时增长", SWEEP_GROWTH, unit_seconds=True)

    def _sweep_queries(self) -> Row:
        """Equal query counts wherever the same reminders go out.

        The sweep makes a few queries per reminder sent (the outbox claims and records each e-mail or webhook
        on its own, so a crash repeats at most one: reminders/outbox.py), and the reminders are one per agency
        and channel. With the same 500 agencies at every scale, 10k tasks leave some agencies with nothing due,
        so fewer reminders; from 100k on every agency has something due. Within each scale the run also signs
        off half the open tasks: the same reminders must then cost the same queries (bench/jobs.py).
        """
        counts, sent = self._per_scale("sweep", "queries"), self._per_scale("sweep", "reminders")
        half_counts, half_sent = self._per_scale("sweep", "queries_half_due"), self._per_scale("sweep",
                                                                                             "reminders_half_due")
        target = "同样多的提醒时各规模相同"
        if not [c for c in counts if c is not None]:
            return Row("scale.sweep.queries", "提醒扫描 SQL 条数", "—", target, MISSING)
        by_sent: dict[int, list[int]] = {}  # reminders sent -> every query count measured with that many
        for c, n in zip(counts, sent, strict=True):
            if c is not None:
                by_sent.setdefault(n, []).append(c)
        for c, n, hc, hn in zip(counts, sent, half_counts, half_sent, strict=True):
            if None not in (c, hc) and n == hn:
                by_sent[n].append(hc)
        comparable = [q for q in by_sent.values() if len(q) > 1]
        ok = bool(comparable) and all(len(set(q)) == 1 for q in by_sent.values())
        note = "；".join(f"{lab} 发出 {n} 条提醒" for lab, n in zip(self.labels, sent, strict=True))
        if not comparable:
            note += "（提醒数各不相同，无可比的两次）"
        return Row("scale.sweep.queries", "提醒扫描 SQL 条数", " / ".join(str(c) for c in counts), target,
                   verdict(ok), {"queries": counts, "reminders": sent}, note=note)

    def _export_peak(self) -> Row:
        peaks = self._per_scale("export", "peak_rss_mb")
        target = f"< {EXPORT_PEAK_MB} MB，各规模"
        known = [p for p in peaks if p is not None]
        if not known:
            return Row("scale.export.peak", "导出 10,000 项峰值内存", "—", target, MISSING)
        return Row("scale.export.peak", "导出 10,000 项峰值内存",
                   " / ".join(f"{p:.0f} MB" if p is not None else "—" for p in peaks), target,
                   verdict(len(known) == len(peaks) and max(known) < EXPORT_PEAK_MB), {"peak_rss_mb": peaks})

    # -- rendering ----------------------------------------------------------------------------------------------
    def markdown(self, header: str) -> str:
        cols = " | ".join(self.labels)
        lines = [header, "", f"| 项目 | {cols} | 目标 | 判定（{self.labels[-1]}） |",
                 "|---|" + "---|" * len(self.labels) + "---|---|"]
        for label, cells, target, status in self.measurement_lines():
            lines.append(f"| {label.strip()} | " + " | ".join(cells) + f" | {target} | {status} |")
        lines += ["", "规模比（同一次运行内测得）：", "", "| 比值 | 结果 | 目标 | 判定 |", "|---|---|---|---|"]
        for r in self.ratio_rows():
            note = f"<br>{r.note}" if r.note else ""
            lines.append(f"| {r.label} | {r.result}{note} | {r.target} | {r.status} |")
        return "\n".join(lines) + "\n"

    def text(self, header: str) -> str:
        lines = [header, ""]
        width = max(len(c) for _l, cells, _t, _s in self.measurement_lines() for c in cells) + 2
        label_w = max(_shown(label) for label, *_ in self.measurement_lines()) + 2
        lines.append(_pad("项目", label_w) + "".join(_pad(lab, width) for lab in self.labels) + "目标 / 判定")
        for label, cells, target, status in self.measurement_lines():
            lines.append(_pad(label, label_w) + "".join(_pad(c, width) for c in cells) + f"{target}  {status}")
        lines += ["", "规模比（同一次运行内测得）："]
        for r in self.ratio_rows():
            lines.append(f"  {r.label}：{r.result}  目标 {r.target}  {r.status}")
            if r.note:
                lines.append(f"      {r.note}")
        return "\n".join(lines)

    def tally(self) -> dict[str, int]:
        ratios = self.ratio_rows()
        return {s: sum(r.status == s for r in ratios) for s in (PASS, FAIL, MISSING)}


def _shown(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(1, width - _shown(text))
