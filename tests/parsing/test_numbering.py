"""Numbering in every Unicode form, and any level as the task level (readings by evidence)."""

import pytest

from documents.parsing import parse_text

LABELLED = "\n牵头责任单位：{lead}\n协同责任单位：{co}"


@pytest.mark.parametrize("dot", ["﹒", "．", "、", "."])
def test_arabic_tasks_with_any_full_stop_and_labels_on_their_own_lines(dot):
    text = "\n".join([
        "丽水市2025年优化营商环境重点任务分工方案",
        "一、提升政务服务水平",
        f"1{dot}推进“一件事”集成改革，新增集成事项20项以上。" + LABELLED.format(lead="市数据局", co="市市场监管局、市人力社保局"),
        f"2{dot}深化工程建设项目审批制度改革。" + LABELLED.format(lead="市建设局", co="市自然资源和规划局"),
        "二、优化法治环境",
        f"3{dot}开展涉企行政执法专项监督，2025年9月底前完成。" + LABELLED.format(lead="市司法局", co="各县（市、区）人民政府"),
    ])
    doc = parse_text(text)
    assert [(t.section, t.number, t.lead, t.co) for t in doc.tasks] == [
        ("一", "1", ["市数据局"], ["市市场监管局", "市人力社保局"]),
        ("一", "2", ["市建设局"], ["市自然资源和规划局"]),
        ("二", "3", ["市司法局"], ["各县（市、区）人民政府"]),
    ]
    assert doc.tasks[2].deadline.isoformat() == "2025-09-30"


def test_top_level_items_are_the_tasks_when_nothing_is_numbered_below_them():
    text = "\n".join([
        "关于印发《某区2025年营商环境重点任务》的通知",
        "各街镇、区政府各部门：",
        "现将《某区2025年营商环境重点任务》印发给你们，请认真贯彻落实。",
        "某区2025年营商环境重点任务",
        "一、深化“一网通办”改革，推动高频事项全程网办。（牵头单位：区政务服务办；配合单位：区大数据中心）",
        "二、开展涉企收费专项检查，2025年6月底前完成。（牵头单位：区市场监管局）",
        "三、优化企业开办服务。（责任单位：区市场监管局、区税务局）",
    ])
    doc = parse_text(text)
    assert [r.id for r in doc.readings if r.chosen] == ["level:cn"]
    assert [(t.section, t.number, t.lead, t.co) for t in doc.tasks] == [
        (None, "一", ["区政务服务办"], ["区大数据中心"]),
        (None, "二", ["区市场监管局"], []),
        (None, "三", [], ["区市场监管局", "区税务局"]),
    ]
    assert doc.plans[0].sections == []  # the 一、 items are tasks, not sections
    assert doc.tasks[1].deadline.isoformat() == "2025-06-30"


@pytest.mark.parametrize(("left", "right"), [("（", "）"), ("(", ")")])
def test_parenthesised_arabic_items_as_the_task_level_keep_their_circled_points(left, right):
    text = "\n".join([
        "某市2025年重点工作安排",
        "一、优化营商环境",
        f"{left}1{right}推进企业开办全程网办。（牵头单位：市市场监管局）",
        f"{left}2{right}开展政务服务“好差评”。（牵头单位：市政务服务办；配合单位：各区政府）",
        "二、加强监管",
        f"{left}1{right}推行“双随机、一公开”。",
        "①完善抽查清单；",
        "②公开抽查结果。",
        "（牵头单位：市市场监管局）",
        f"{left}2{right}加强信用监管。（市发展改革委牵头，市市场监管局配合）",
    ])
    doc = parse_text(text)
    assert [r.id for r in doc.readings if r.chosen] == ["level:paren_arabic"]
    assert [(t.section, t.number, t.lead, t.co) for t in doc.tasks] == [
        ("一", "1", ["市市场监管局"], []),
        ("一", "2", ["市政务服务办"], ["各区政府"]),
        ("二", "1", ["市市场监管局"], []),
        ("二", "2", ["市发展改革委"], ["市市场监管局"]),
    ]
    assert "②公开抽查结果" in doc.tasks[2].text


def test_circled_numbers_as_the_task_level():
    text = "\n".join([
        "某县2025年重点任务",
        "一、优化服务",
        "①推进企业开办全程网办。（牵头单位：县市场监管局）",
        "②开展政务服务“好差评”。（牵头单位：县政务服务中心）",
        "二、加强监管",
        "③推行“双随机、一公开”。（牵头单位：县市场监管局）",
        "④加强信用监管。（县发展改革局牵头，县市场监管局配合）",
    ])
    doc = parse_text(text)
    assert [(t.section, t.number) for t in doc.tasks] == [("一", "1"), ("一", "2"), ("二", "3"), ("二", "4")]
    assert doc.tasks[3].lead == ["县发展改革局"] and doc.tasks[3].co == ["县市场监管局"]


def test_sub_items_under_tasks_with_a_closing_clause_do_not_take_over():
    """（1） points inside 1. tasks whose clause closes the whole task stay inside the task."""
    text = "\n".join([
        "某市2025年工作要点",
        "一、重点任务",
        "1.改革登记制度。",
        "（1）简化材料；",
        "（2）压缩时限。",
        "（牵头单位：市市场监管局）",
        "2.优化审批服务。",
        "（1）推行告知承诺；",
        "（2）推行容缺受理。",
        "（牵头单位：市政务服务局）",
    ])
    doc = parse_text(text)
    assert [(t.number, t.lead) for t in doc.tasks] == [("1", ["市市场监管局"]), ("2", ["市政务服务局"])]


def test_a_task_whose_text_starts_with_digits_continues_the_fe52_sequence():
    lines = ["某市2025年人才工作要点", "一、重点任务"]
    lines += [f"{n}﹒推进人才工作{n}。（牵头单位：市委组织部）" for n in range(1, 11)]
    lines += ["11﹒121人才梯队项目。（牵头单位：市人社局）", "12﹒推进人才安居。（牵头单位：市住建局）"]
    doc = parse_text("\n".join(lines))
    assert [t.number for t in doc.tasks] == [str(n) for n in range(1, 13)]
    assert doc.tasks[10].lead == ["市人社局"]
