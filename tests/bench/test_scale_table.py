"""`make bench SCALE=N`: which databases, which scales, and the growth ratios judged from the children's rows."""

from bench.measure import FAIL, PASS
from bench.scale_table import ScaleTable
from bench.scales import Scale, database_url_for, scales_for


def test_scales_are_10k_100k_and_the_top_one_each_in_its_own_bench_database():
    assert [s.tasks for s in scales_for(1_000_000)] == [10_000, 100_000, 1_000_000]
    assert [s.tasks for s in scales_for(100_000)] == [10_000, 100_000]
    assert [s.tasks for s in scales_for(50_000)] == [10_000, 50_000]
    assert [s.label for s in scales_for(1_000_000)] == ["10k", "100k", "1m"]
    assert Scale(1_000_000).reports == 5_000_000
    base = "postgres://postgres@127.0.0.1:5432/fangguanfu_bench"
    assert database_url_for(base, Scale(1_000_000)) == "postgres://postgres@127.0.0.1:5432/fangguanfu_1m_bench"
    # The guard's suffix survives whatever the configured name was.
    assert database_url_for("postgres://h/other", Scale(10_000)).endswith("/other_10k_bench")


def _child(dashboard_ms, trivial_ms, dash_queries, api_ms, sql_ms, sweep_s, sweep_queries, sent, peak_mb):
    return {"machine": {}, "rows": [
        {"key": "dashboard.trivial", "label": "简单", "result": "", "target": "", "status": "—",
         "metrics": {"p50_ms": trivial_ms}},
        {"key": "dashboard.page", "label": "驾驶舱", "result": "", "target": "", "status": PASS,
         "metrics": {"p50_ms": dashboard_ms, "queries": dash_queries}},
        {"key": "ratio.agency", "label": "  接口/原生SQL 耗时比 按责任单位", "result": "", "target": "", "status": PASS,
         "metrics": {"ratio": api_ms / sql_ms, "api_p50_ms": api_ms, "sql_p50_ms": sql_ms}},
        {"key": "sweep", "label": "提醒扫描", "result": "", "target": "", "status": PASS,
         "metrics": {"seconds": sweep_s, "queries": sweep_queries, "reminders": sent,
                     "queries_half_due": sweep_queries, "reminders_half_due": sent}},
        {"key": "export", "label": "导出", "result": "", "target": "", "status": PASS,
         "metrics": {"peak_rss_mb": peak_mb}},
    ]}


def _ratios(results):
    return {r.key: r for r in ScaleTable(results).ratio_rows()}


def test_ratios_pass_when_costs_grow_slower_than_the_data():
    ratios = _ratios([
        ("10k", 10_000, _child(40, 20, 12, 30, 20, 1.0, 900, 280, 200)),
        ("100k", 100_000, _child(50, 20, 12, 30, 20, 1.5, 1700, 505, 210)),
        ("1m", 1_000_000, _child(55, 20, 12, 35, 20, 3.0, 1700, 505, 220)),
    ])
    assert ratios["scale.dashboard.page.growth"].status == PASS
    assert abs(ratios["scale.dashboard.page.growth"].metrics["ratio"] - 1.1) < 1e-9
    assert ratios["scale.dashboard.trivial"].status == PASS  # 55 / 20 = 2.75
    assert ratios["scale.ratio.agency"].status == PASS  # 1.75 at 1m, the worst scale
    assert ratios["scale.sweep.growth"].status == PASS  # 3.0 / 1.5 = 2
    # 10k sends fewer reminders (agencies with nothing due), so its count is not compared; 100k and 1m are.
    assert ratios["scale.sweep.queries"].status == PASS
    assert ratios["scale.export.peak"].status == PASS


def test_ratios_fail_when_a_cost_follows_the_task_count():
    ratios = _ratios([
        ("10k", 10_000, _child(40, 20, 12, 30, 20, 1.0, 900, 280, 200)),
        ("100k", 100_000, _child(100, 20, 16, 30, 10, 1.5, 1700, 505, 210)),
        ("1m", 1_000_000, _child(700, 20, 16, 30, 20, 9.0, 2600, 505, 640)),
    ])
    for key in ("scale.dashboard.page.growth", "scale.dashboard.trivial", "scale.dashboard.queries",
                "scale.ratio.agency", "scale.sweep.growth", "scale.sweep.queries", "scale.export.peak"):
        assert ratios[key].status == FAIL, key


def test_the_table_has_a_column_per_scale():
    table = ScaleTable([
        ("10k", 10_000, _child(40, 20, 12, 30, 20, 1.0, 900, 280, 200)),
        ("100k", 100_000, _child(50, 20, 12, 30, 20, 1.5, 1700, 505, 210)),
    ])
    markdown = table.markdown("头")
    assert "| 项目 | 10k | 100k | 目标 | 判定（100k） |" in markdown
    assert "驾驶舱 p50 增长" in markdown and "100k/100k" not in markdown.split("驾驶舱 p50 增长")[1].split("\n")[0]
