"""Header and body layouts: standalone plan titles, several plans, mixed numbering levels."""

from documents.parsing import parse_text

CLAUSE = "（省发展改革委牵头，省财政厅配合）"


def _tasks(doc):
    return [(t.section, t.subsection, t.number) for t in doc.tasks]


def test_title_after_doc_number_without_notice():
    doc = parse_text(f"XX省人民政府办公厅文件\n晋政办发〔2024〕5号\nXX省2024年优化营商环境工作要点\n一、重点任务\n1.推进改革。{CLAUSE}")
    assert (doc.title, doc.year, doc.doc_number) == ("XX省2024年优化营商环境工作要点", 2024, "晋政办发〔2024〕5号")
    assert doc.plans[0].annual
    assert doc.tasks[0].effective_deadline.isoformat() == "2024-12-31"


def test_title_over_two_lines_at_the_top():
    doc = parse_text(f"XX市2023年深化“放管服”改革\n优化营商环境工作要点\n一、重点任务\n1.推进改革。{CLAUSE}")
    assert doc.title == "XX市2023年深化“放管服”改革优化营商环境工作要点"
    assert doc.year == 2023


def test_issuer_line_above_a_title_is_not_part_of_it():
    doc = parse_text(f"XX市人民政府办公室\nXX市2023年政务公开工作要点\n一、重点任务\n1.推进改革。{CLAUSE}")
    assert doc.title == "XX市2023年政务公开工作要点"


def test_two_plans_each_with_text():
    text = (
        "各市人民政府：\n《A省2024年政务公开工作要点》和《A省2024年政务服务工作要点》已经省政府同意，现印发给你们。\n"
        "附件1\nA省2024年政务公开工作要点\n一、公开\n1.公开政策。" + CLAUSE + "\n二、解读\n2.解读政策。" + CLAUSE + "\n"
        "附件2\nA省2024年政务服务工作要点\n一、服务\n1.优化服务。" + CLAUSE + "\n"
    )
    doc = parse_text(text)
    assert [p.title for p in doc.plans] == ["A省2024年政务公开工作要点", "A省2024年政务服务工作要点"]
    assert [[s.number for s in p.sections] for p in doc.plans] == [["一", "二"], ["一"]]
    assert [len(p.tasks) for p in doc.plans] == [2, 1]
    assert not doc.truncated


def test_mixed_levels_and_sub_items_stay_in_their_task():
    text = "\n".join([
        "A市2024年工作要点",
        "一、优化准入",
        f"1.改革登记。一是简化材料，二是压缩时限。{CLAUSE}",
        f"2.破除壁垒。{CLAUSE}",
        "二、提升服务",
        "（一）推进标准化",
        f"1.统一清单。{CLAUSE}",
        "2.规范审批。",
        "（1）推行马上办；",
        "（2）推行告知承诺制。",
        CLAUSE,
        "（二）推进便利化",
        f"3.跨省通办。{CLAUSE}",
        "三、加强监管",
        f"（一）双随机监管。{CLAUSE}",
        "（二）规范执法。",
        "（1）开展专项检查；",
        f"（2）建立清单。{CLAUSE}",
        "四、保障措施",
        "（一）加强组织领导。各地要高度重视。",
    ])
    doc = parse_text(text)
    assert _tasks(doc) == [
        ("一", None, "1"), ("一", None, "2"),
        ("二", "一", "1"), ("二", "一", "2"), ("二", "二", "3"),
        ("三", None, "一"), ("三", None, "二"),
    ]
    assert "（2）推行告知承诺制" in doc.tasks[3].text
    assert doc.tasks[3].lead == ["省发展改革委"]


def test_signature_below_an_attachment_list():
    notice = ["B省人民政府办公厅文件", "B政办发〔2024〕3号", "各市人民政府，省直各部门：",
              "《B省2024年政务公开工作要点》已经省政府同意，现印发给你们，请认真贯彻落实。",
              "各地要加强组织领导。", "各部门要抓好落实。", "附件：1.B省2024年政务公开工作要点",
              "B省人民政府办公厅", "2024年4月8日", "附件1", "B省2024年政务公开工作要点",
              "一、重点任务", f"1.公开政策。{CLAUSE}", "2025年1月1日"]
    doc = parse_text("\n".join(notice))
    assert (doc.issue_date.isoformat(), doc.issuer, doc.title) == ("2024-04-08", "B省人民政府办公厅", "B省2024年政务公开工作要点")


def test_numbered_sub_items_of_a_bracketed_task():
    """（一） tasks whose points are numbered 1. 2.: the points end with ；, or the task line ends
    with ：, so they are sub-items and （一） stays the task; real subsections keep their tasks."""
    text = "\n".join([
        "C市2024年工作要点",
        "一、重点任务",
        "（一）深化商事制度改革。具体包括：",
        "1.简化登记材料；",
        "2.压缩办理时限。",
        CLAUSE,
        "（二）破除隐性壁垒。",
        "1.清理地方保护规定；",
        "2.清理歧视性准入条件；",
        f"3.建立常态化审查机制。{CLAUSE}",
        f"（三）加强信用监管。{CLAUSE}",
        "二、专项行动",
        "（一）开展专项整治",
        f"1.整治乱收费。{CLAUSE}",
        f"2.整治乱罚款。{CLAUSE}",
    ])
    doc = parse_text(text)
    assert _tasks(doc) == [("一", None, "一"), ("一", None, "二"), ("一", None, "三"), ("二", "一", "1"), ("二", "一", "2")]
    assert "2.压缩办理时限。" in doc.tasks[0].text and doc.tasks[0].lead == ["省发展改革委"]
    assert "3.建立常态化审查机制" in doc.tasks[1].text and doc.tasks[1].co == ["省财政厅"]
    assert [(s.section, s.number) for s in doc.plans[0].subsections] == [("二", "一")]
