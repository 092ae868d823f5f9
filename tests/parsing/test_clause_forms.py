"""Clause wordings of other regions: 〔…〕 brackets, drafting remarks, leads named inside lists,
bare unit lists, deadlines inside the clause, cut-off clauses and printed rules for who leads."""

from documents.parsing import parse_text

HEAD = "某省2025年深化“放管服”改革重点任务分工方案\n一、重点任务\n"


def _one(line: str, head: str = HEAD):
    doc = parse_text(head + "1.推进数据共享，完善平台功能。" + line + "\n")
    return doc, doc.tasks[0]


def test_square_bracket_clause_and_drafting_remarks_give_no_fake_agencies():
    doc, task = _one("〔除标注“牵头”外，省数据局、省财政厅分别牵头，下同〕")
    assert (task.lead, task.co) == (["省数据局", "省财政厅"], [])
    names = task.lead + task.co
    assert not any(bad in n for n in names for bad in ("〕", "下同", "”外", "除标注"))


def test_no_drafting_word_ever_becomes_an_agency():
    for clause in ("〔省发展改革委牵头，以下不再列出〕", "（省司法厅负责，不再做分工）", "【省商务厅牵头，下同】"):
        _, task = _one(clause)
        names = task.lead + task.co
        assert names and all(n.startswith("省") and n.endswith(("委", "厅")) for n in names), clause


def test_lead_named_inside_the_list_and_lead_with_participants():
    _, a = _one("（责任单位：省发展改革委、省市场监管局，省发展改革委为牵头单位）")
    assert (a.lead, a.co) == (["省发展改革委"], ["省市场监管局"])
    _, b = _one("（省司法厅牵头，省市场监管局、省生态环境厅参与）")
    assert (b.lead, b.co) == (["省司法厅"], ["省市场监管局", "省生态环境厅"])


def test_bare_unit_list_in_brackets_at_the_end_is_the_clause():
    _, task = _one("（各街镇、区规划资源局、区土储中心）")
    assert (task.lead, task.co, task.has_clause) == ([], ["各街镇", "区规划资源局", "区土储中心"], True)


def test_a_prose_bracket_is_not_a_unit_list():
    _, task = _one("（含“一网通办”平台）")
    assert (task.lead, task.co, task.has_clause) == ([], [], False)


def test_deadline_inside_the_clause_is_a_deadline_not_an_agency():
    _, task = _one("（责任部门：省数据局、省财政厅。时间节点：2025年3月）")
    assert (task.co, task.deadline.isoformat(), task.deadline_in) == (["省数据局", "省财政厅"], "2025-03-31", "clause")
    assert not task.not_understood


def test_collectives_are_split_on_their_shared_suffix():
    _, task = _one("（各区、县级市人民政府，省住房城乡建设厅按职责分工负责）")
    assert task.co == ["各区人民政府", "各县级市人民政府", "省住房城乡建设厅"]


def test_clause_cut_off_mid_name_keeps_the_whole_names_only():
    doc = parse_text(HEAD + "1.推进数据共享。（牵头单位：省数据局）\n2.推行“一业一证”。（省市场监管局、省")
    task = doc.tasks[1]
    assert (task.lead, task.co) == ([], ["省市场监管局"])
    assert "省" in task.not_understood and "省" in doc.not_understood


def test_printed_first_leads_rule_is_applied_and_listed():
    text = "\n".join([
        "某市2025年数字政府建设工作要点",
        "（各项任务所列单位中，第一个为牵头或汇总单位）",
        "一、夯实数字底座",
        "（一）建设全市一体化政务云。（市大数据局、市财政局）",
        "（二）开展数据安全检查。（市委网信办牵头，市公安局参与）",
        "（三）推进公共数据归集。（责任单位：市大数据局、市发展改革委）",
    ])
    doc = parse_text(text)
    assert [(t.lead, t.co) for t in doc.tasks] == [
        (["市大数据局"], ["市财政局"]), (["市委网信办"], ["市公安局"]), (["市大数据局"], ["市发展改革委"]),
    ]
    assert doc.rules == ["第一个为牵头或汇总单位（据此确定 2 项任务的牵头单位）"]
    assert next(r for r in doc.readings if r.chosen).rules == doc.rules
    assert doc.tasks[0].rules == ["第一个为牵头或汇总单位"] and doc.tasks[1].rules == []


def test_rule_printed_in_a_task_governs_it_and_the_tasks_after_it():
    text = HEAD + "\n".join([
        "1.推进数据共享。（省数据局、省财政厅）",
        "2.推进证照分离。（省市场监管局、省司法厅，排在首位的为牵头单位，下同）",
        "3.推进信用修复。（省发展改革委、省市场监管局）",
    ])
    doc = parse_text(text)
    assert [t.lead for t in doc.tasks] == [[], ["省市场监管局"], ["省发展改革委"]]
    assert doc.tasks[1].co == ["省司法厅"]


def test_without_a_printed_rule_the_first_name_is_not_promoted():
    _, task = _one("（省数据局、省财政厅）")
    assert (task.lead, task.co) == ([], ["省数据局", "省财政厅"])


ROLE_CASES = [
    ("（市发展改革委主责，市财政局支撑）", ["市发展改革委"], ["市财政局"]),
    ("（推进单位：市住建局、市规划局）", [], ["市住建局", "市规划局"]),
    ("（责任主体：各区人民政府）", [], ["各区人民政府"]),
    ("（主要责任单位：市教育局；协同单位：市人社局）", ["市教育局"], ["市人社局"]),
    ("（市公安局组织落实）", [], ["市公安局"]),
    ("（市直有关部门按职责分工负责）", [], ["市直有关部门"]),
    ("（市卫健委牵头负责，市医保局、市财政局协同）", ["市卫健委"], ["市医保局", "市财政局"]),
    ("（由市商务局牵头，市口岸办配合）", ["市商务局"], ["市口岸办"]),
    ("（责任单位：市文旅局（牵头）、市体育局）", ["市文旅局"], ["市体育局"]),
    ("（牵头责任单位：市数据局；协同责任单位：各县（市、区）人民政府）", ["市数据局"], ["各县（市、区）人民政府"]),
]


def test_role_words_of_the_grammar_table():
    for clause, lead, co in ROLE_CASES:
        _, task = _one(clause)
        assert (task.lead, task.co) == (lead, co), clause


def test_clause_printed_as_the_last_sentence_without_brackets():
    doc = parse_text(HEAD + "\n".join([
        "1.推行“承诺即开工”。县发展改革局牵头，县住建局、县自然资源局配合，2025年6月底前完成。",
        "2.推行“双随机、一公开”监管。县市场监管局牵头，县直有关部门按职责分工负责。2025年底前完成。",
        "3.建立由县政府牵头的联席会议制度，定期研究解决重大问题。",
    ]))
    assert [(t.lead, t.co) for t in doc.tasks] == [
        (["县发展改革局"], ["县住建局", "县自然资源局"]), (["县市场监管局"], ["县直有关部门"]), ([], []),
    ]
    assert doc.tasks[0].deadline.isoformat() == "2025-06-30" and doc.tasks[1].deadline.isoformat() == "2025-12-31"


def test_a_group_named_after_its_role_is_not_a_role_word():
    _, task = _one("（牵头单位：市委组织部，配合单位：各项目牵头单位，各区、县级市）")
    assert (task.lead, task.co) == (["市委组织部"], ["各项目牵头单位", "各区", "各县级市"])
