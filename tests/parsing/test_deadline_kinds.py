"""Relative, recurring and standing deadlines are recognised and reported as a kind."""

import pytest

from documents.parsing import parse_text
from documents.parsing.deadline_kinds import KINDS

HEAD = "某区政务服务工作方案\n一、重点任务\n"

CASES = [
    ("建立诉求响应机制，收到企业诉求后5个工作日内答复。（牵头单位：区营商办）", "relative", "workdays:5", "收到企业诉求后5个工作日内"),
    ("开展营商环境评估。（牵头单位：区营商办；完成时限：文件印发后30日内）", "relative", "days:30", "文件印发后30日内"),
    ("开展专项整治。（牵头单位：区市场监管局；10个工作日内）", "relative", "workdays:10", "10个工作日内"),
    ("开展专项整治。\n牵头单位：区市场监管局\n完成时限：三个月内", "relative", "months:3", "三个月内"),
    ("按月报送工作进展，每月5日前报送上月情况。（责任单位：区政务服务中心）", "recurring", "monthly:5", "每月5日前"),
    ("每季度开展一次督查。（责任单位：区督查室）", "recurring", "quarterly", ""),
    ("深化“放管服”改革，持续推进。（责任单位：区发展改革委）", "ongoing", "", "持续推进"),
    ("推进政务公开标准化，长期坚持。（责任单位：区政府办）", "ongoing", "", "长期坚持"),
    ("开展“双随机”抽查。（牵头单位：区市场监管局；完成时限：常态化）", "ongoing", "", "常态化"),
    ("完成年度评估。（责任单位：区统计局；时间节点：2025年10月底前）", "date", "2025-10-31", "2025年10月底前"),
    ("推进数据共享。（责任单位：区数据局）", "", "", ""),
]


@pytest.mark.parametrize(("line", "kind", "value", "phrase"), CASES, ids=[c[1] + ":" + c[2] for c in CASES])
def test_deadline_kind_value_and_phrase(line, kind, value, phrase):
    task = parse_text(HEAD + "1." + line + "\n").tasks[0]
    assert kind in KINDS
    assert (task.deadline_kind, task.deadline_value, task.deadline_phrase) == (kind, value, phrase)
    assert not any(d.startswith("时限未能解析") for d in task.doubts)
    assert all(not n[0].isdigit() for n in task.co + task.lead + task.not_understood)


def test_a_target_duration_in_the_text_is_not_a_deadline():
    task = parse_text(HEAD + "1.压缩审批时间至60个工作日内。（责任单位：区住建局）\n").tasks[0]
    assert task.deadline_kind == ""


def test_a_date_wins_over_a_monthly_report():
    task = parse_text(HEAD + "1.每月5日前报送进展，2025年6月底前完成。（责任单位：区住建局）\n").tasks[0]
    assert (task.deadline_kind, task.deadline_value) == ("date", "2025-06-30")


def test_monthly_billing_is_not_a_monthly_task():
    plain = parse_text(HEAD + "1.推进居民夜间停车按月结算优惠服务。（责任单位：区交通局）\n").tasks[0]
    report = parse_text(HEAD + "1.建立工作台账，按月报送进展。（责任单位：区交通局）\n").tasks[0]
    assert (plain.recurring, report.recurring) == (None, "monthly")
