import pytest

from documents.parsing.clauses import find_clause, global_co_from, parse_clause, parse_label_line, split_names


@pytest.mark.parametrize(
    "printed, names",
    [
        ("长沙市、岳阳市、郴州市人民政府", ["长沙市人民政府", "岳阳市人民政府", "郴州市人民政府"]),
        ("长沙、岳阳、郴州三市人民政府", ["长沙市人民政府", "岳阳市人民政府", "郴州市人民政府"]),
        ("自贸试验区长沙、岳阳、郴州片区管委会",
         ["自贸试验区长沙片区管委会", "自贸试验区岳阳片区管委会", "自贸试验区郴州片区管委会"]),
        ("各市州、县市区人民政府", ["各市州人民政府", "各县市区人民政府"]),
        ("各区、县级市政府", ["各区政府", "各县级市政府"]),
        ("各有关区、县级市政府", ["各有关区政府", "各有关县级市政府"]),
        ("越秀、白云、番禺区政府", ["越秀区政府", "白云区政府", "番禺区政府"]),
        ("各街镇、开发区、头桥集团", ["各街镇", "开发区", "头桥集团"]),  # no shared affix: 各 not distributed
        ("省直相关部门及各市州人民政府", ["省直相关部门", "各市州人民政府"]),
        ("省工业和信息化厅、省人力资源和社会保障厅", ["省工业和信息化厅", "省人力资源和社会保障厅"]),
        ("省政务局和长沙、岳阳、郴州三市人民政府",
         ["省政务局", "长沙市人民政府", "岳阳市人民政府", "郴州市人民政府"]),
        ("省政务局、省发展改革委等省直相关部门", ["省政务局", "省发展改革委", "省直相关部门"]),
        ("省商务厅、人民银行长沙中心支行等部门", ["省商务厅", "人民银行长沙中心支行"]),  # bare tail
        ("省商务厅、长沙海关等相关部门", ["省商务厅", "长沙海关", "相关部门"]),
        ("市交通委、市财政局，相关区政府", ["市交通委", "市财政局", "相关区政府"]),
        # separators inside brackets belong to one group name; a bracketed second name is one unit
        ("市司法局，各县（市、区）人民政府", ["市司法局", "各县（市、区）人民政府"]),
        ("市级有关单位，各区（县、市）人民政府", ["市级有关单位", "各区（县、市）人民政府"]),
        ("各区（市）县政府", ["各区（市）县政府"]),
        ("市发展改革委（市粮食和物资储备局）、市医保局", ["市发展改革委（市粮食和物资储备局）", "市医保局"]),
        ("市财政局；市委机要保密局；各区人民政府", ["市财政局", "市委机要保密局", "各区人民政府"]),
        ("市委编办、市司法局等部门", ["市委编办", "市司法局"]),
        # a space between two complete names separates them; a PDF space inside a name does not
        ("市教育局 市卫生健康委", ["市教育局", "市卫生健康委"]),
        ("市委 宣传部、市发展 改革委", ["市委宣传部", "市发展改革委"]),
        ("/", []),
    ],
)
def test_split_names(printed, names):
    assert split_names(printed) == names


def test_lead_and_co():
    c = parse_clause("省政务局、省司法厅牵头，省直相关部门及各市州人民政府按职责分工负责")
    assert c.lead == ["省政务局", "省司法厅"]
    assert c.co == ["省直相关部门", "各市州人民政府"]


def test_no_lead_means_all_co():
    c = parse_clause("省市场监管局、省司法厅、省发展改革委等按职责分工负责")
    assert c.lead == []
    assert c.co == ["省市场监管局", "省司法厅", "省发展改革委"]


def test_labelled_clause_with_deadline_inside():
    c = parse_clause("牵头单位:州行政审批服务局;责任单位:州司法局、州委编办及州直相关单位,各县市人民政府、湘西经开区管委会,6月底完成")
    assert c.lead == ["州行政审批服务局"]
    assert c.co == ["州司法局", "州委编办", "州直相关单位", "各县市人民政府", "湘西经开区管委会"]
    assert c.co_label == "责任单位"
    assert c.deadline_text == "6月底完成"


def test_label_separated_by_full_stop():
    c = parse_clause("牵头单位:州税务局、州人社局。责任单位:各县市人民政府、湘西经开区管委会,12月底完成")
    assert c.lead == ["州税务局", "州人社局"]
    assert c.co == ["各县市人民政府", "湘西经开区管委会"]


def test_responsibility_department_label():
    c = parse_clause("责任部门：市交通委、相关区政府")
    assert (c.lead, c.co, c.co_label) == ([], ["市交通委", "相关区政府"], "责任部门")


def test_global_co_added_to_this_task():
    c = parse_clause("省市场监管局牵头，省商务厅等省直相关单位按职责分工负责，长沙市人民政府均为责任单位，以下不再列出")
    assert c.global_co == ["长沙市人民政府"]
    assert c.co == ["省商务厅", "省直相关单位", "长沙市人民政府"]


def test_global_co_not_repeated():
    c = parse_clause("省发展改革委等有关单位，各市州人民政府按职责分工负责，以下均需各市州人民政府落实，不再一一列出")
    assert c.global_co == ["各市州人民政府"]
    assert c.co == ["省发展改革委", "有关单位", "各市州人民政府"]
    assert global_co_from("以下均需各市州人民政府落实，不再一一列出") == ["各市州人民政府"]


def test_last_bracket_with_role_is_the_clause():
    text = "推动实现移动应用程序（APP）备案。落实《条例》（国令第722号）。（省通信管理局牵头，各市州人民政府按职责分工负责）"
    c = find_clause(text)
    assert c.lead == ["省通信管理局"]
    assert text[c.span[0]:c.span[1]].startswith("（省通信管理局")


def test_mixed_brackets_and_page_break():
    c = find_clause("全链条赋予权限。（省政务局和长沙、岳阳、郴州三市人民政府\n牵头，省直相关单位按职责分工负责)")
    assert c.lead == ["省政务局", "长沙市人民政府", "岳阳市人民政府", "郴州市人民政府"]
    assert c.co == ["省直相关单位"]


def test_inline_label_without_brackets():
    c = find_clause("因地制宜选择改厕模式。责任单位：市农业农村局、市卫生健康委；时间节点：2023年6月底前。")
    assert c.co == ["市农业农村局", "市卫生健康委"]
    assert c.deadline_text == "2023年6月底前"


def test_label_line():
    assert parse_label_line("牵头单位：市数据资源局").lead == ["市数据资源局"]
    assert parse_label_line("配合单位：市委机要保密局").co == ["市委机要保密局"]
    assert parse_label_line("全面梳理市直部门") is None


def test_lead_marked_inside_unit_list():
    c = parse_clause("市政务服务中心（牵头）、市司法局，各区县人民政府")
    assert (c.lead, c.co) == (["市政务服务中心"], ["市司法局", "各区县人民政府"])
    c = parse_label_line("责任单位：市委编办（牵头）、市政务服务中心（牵头），市司法局")
    assert (c.lead, c.co, c.co_label) == (["市委编办", "市政务服务中心"], ["市司法局"], "责任单位")


def test_label_line_closing_a_bracket_opened_on_the_line_before():
    c = parse_label_line("责任单位:市司法局,市级各行政执法部门）")
    assert c.co == ["市司法局", "市级各行政执法部门"]


def test_clause_with_half_width_separators_and_open_deadline():
    c = find_clause("实现全覆盖。(市司法局牵头,各区（市）县政府配合;完成时限:长期坚持)")
    # standing work: the clause keeps the words (deadline kind "ongoing"), which give no date
    assert (c.lead, c.co, c.deadline_text) == (["市司法局"], ["各区（市）县政府"], "长期坚持")


@pytest.mark.parametrize(
    "text, lead, co",
    [
        # no 牵头: every named unit is co (gold: "No 牵头, no lead")
        ("推进改革。（省政务局、省发展改革委配合）", [], ["省政务局", "省发展改革委"]),
        ("推进改革。（市财政局、市税务局等配合）", [], ["市财政局", "市税务局"]),
        ("推进改革。（市发展改革委负责）", [], ["市发展改革委"]),
        ("推进改革。（市发展改革委负责，市财政局配合）", [], ["市发展改革委", "市财政局"]),
        ("推进改革。（市发展改革委、市财政局按职责分工负责）", [], ["市发展改革委", "市财政局"]),
        ("开展工作（市发展改革委负责）。", [], ["市发展改革委"]),
        # 主责 means lead, like the 主责单位 label
        ("推进改革。（市发展改革委主责，市财政局配合）", ["市发展改革委"], ["市财政局"]),
        # words around the lead names
        ("推进改革。（由市发展改革委牵头）", ["市发展改革委"], []),
        ("推进改革。（市发展改革委牵头负责）", ["市发展改革委"], []),
        ("推进改革。（市发展改革委、市财政局分别牵头）", ["市发展改革委", "市财政局"], []),
        ("推进改革。（市发展改革委牵头，市财政局参与）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。（市发展改革委牵头，市财政局协助）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。（市发展改革委牵头，市财政局、市税务局等按职责分工负责）", ["市发展改革委"], ["市财政局", "市税务局"]),
        ("推进改革。责任单位：市发展改革委（牵头）、市财政局", ["市发展改革委"], ["市财政局"]),
        # labels
        ("推进改革。（牵头部门：市发展改革委；配合部门：市财政局）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。（牵头单位：市发展改革委；参与单位：市财政局）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。（主办单位：市发展改革委；协办单位：市财政局）", ["市发展改革委"], ["市财政局"]),
        # open-ended time words in a clause are not units (they are kept as the clause's deadline words)
        ("推进改革。（市发展改革委牵头，市财政局配合，长期坚持）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。（市发展改革委负责，持续推进）", [], ["市发展改革委"]),
    ],
)
def test_role_words(text, lead, co):
    c = find_clause(text)
    open_words = next((w for w in ("长期坚持", "持续推进") if w in text), None)
    assert (c.lead, c.co, c.deadline_text) == (lead, co, open_words)


@pytest.mark.parametrize(
    "text",
    [
        "建立协调机制（需各方积极配合推进）。",  # a role word in prose, not a list of units
        "明确负责人（主要负责同志）。",
        "开展培训（线上线下结合）。",
        "推进改革（以下简称“改革”）。",
    ],
)
def test_prose_brackets_are_not_clauses(text):
    assert find_clause(text) is None


@pytest.mark.parametrize(
    "piece", ["2024年底前完成", "年底前完成", "第三季度", "2024年上半年完成", "2024年内完成", "6月30日前完成", "9月中旬前"]
)
def test_deadline_piece_in_clause_is_not_a_unit(piece):
    c = find_clause(f"推进改革。（市发展改革委牵头，市财政局配合，{piece}）")
    assert (c.lead, c.co, c.deadline_text) == (["市发展改革委"], ["市财政局"], piece)


@pytest.mark.parametrize(
    "text, lead, co",
    [
        # a co label whose list names its own lead
        ("推进改革。（责任单位：市发展改革委牵头，市财政局配合）", ["市发展改革委"], ["市财政局"]),
        ("推进改革。责任单位：市发展改革委牵头，市财政局、市税务局配合。", ["市发展改革委"], ["市财政局", "市税务局"]),
        ("推进改革。（责任主体：市发展改革委）", [], ["市发展改革委"]),
        # a field that names people is not a unit
        ("推进改革。（牵头领导：张三；牵头单位：市发展改革委）", ["市发展改革委"], []),
        # the role word closes the whole comma list; 党委和政府 is one group
        ("推进改革。（市委组织部、市委编办，各县（市、区）党委和政府负责）", [],
         ["市委组织部", "市委编办", "各县（市、区）党委和政府"]),
    ],
)
def test_labelled_and_listed_roles(text, lead, co):
    c = find_clause(text)
    assert (c.lead, c.co) == (lead, co)
