"""Tables one row per line: pipe/Markdown and TAB rows, header words from the grammar table,
column roles from the cells when the header is unknown or missing, group rows as sections."""

from documents.parsing import parse_text


def _rows(doc):
    return [(t.section, t.number, t.text_start[:6], t.lead, t.co, t.deadline_kind, t.deadline_value) for t in doc.tasks]


def test_markdown_table_with_group_rows_and_region_header_words():
    text = "\n".join([
        "某市2025年优化营商环境重点任务清单",
        "| 序号 | 工作举措 | 主要责任单位 | 协同单位 | 完成时间 |",
        "| --- | --- | --- | --- | --- |",
        "| 行动一：提升开办便利度 | | | | |",
        "| 1 | 推行企业开办“一网通办”，全流程1个工作日内办结。 | 市市场监管局 | 市税务局、市公安局 | 2025年6月底前 |",
        "| 2 | 推进电子营业执照跨领域应用。 | 市市场监管局 | 市数据局 | 2025年9月底前 |",
        "| 行动二：优化审批服务 | | | | |",
        "| 3 | 深化工程建设项目审批改革。 | 市住建局 | 市自然资源局、市发展改革委 | 持续推进 |",
    ])
    doc = parse_text(text)
    assert _rows(doc) == [
        ("一", "1", "推行企业开办", ["市市场监管局"], ["市税务局", "市公安局"], "date", "2025-06-30"),
        ("一", "2", "推进电子营业", ["市市场监管局"], ["市数据局"], "date", "2025-09-30"),
        ("二", "3", "深化工程建设", ["市住建局"], ["市自然资源局", "市发展改革委"], "ongoing", ""),
    ]
    assert [(s.number, s.title) for s in doc.plans[0].sections] == [("一", "提升开办便利度"), ("二", "优化审批服务")]


def test_tab_table_with_an_unknown_person_column():
    text = "某县2025年重点工作任务分解表\n" + "\n".join("\t".join(r) for r in [
        ["编号", "任务名称", "责任领导", "责任主体", "配合部门", "时间安排"],
        ["1", "推进县域医共体建设，实现乡镇全覆盖。", "张某某", "县卫健局", "县医保局、县财政局", "2025年12月底前"],
        ["2", "完善养老服务体系，新建社区养老服务站5个。", "李某某", "县民政局", "县住建局", "2025年10月底前"],
        ["3", "实施农村人居环境整治提升。", "王某某", "县农业农村局", "各乡镇", "常态化"],
    ])
    doc = parse_text(text)
    assert _rows(doc) == [
        (None, "1", "推进县域医共", [], ["县卫健局", "县医保局", "县财政局"], "date", "2025-12-31"),
        (None, "2", "完善养老服务", [], ["县民政局", "县住建局"], "date", "2025-10-31"),
        (None, "3", "实施农村人居", [], ["县农业农村局", "各乡镇"], "ongoing", ""),
    ]
    assert not any("张某某" in n for t in doc.tasks for n in t.co + t.lead + t.not_understood)


def test_headerless_tab_rows_take_their_roles_from_the_cells():
    text = "某区2025年民生实事项目安排\n" + "\n".join("\t".join(r) for r in [
        ["1", "新建改建公办幼儿园3所，新增学位900个。", "区教育局", "区住建局、区财政局", "2025年8月底前"],
        ["2", "改造老旧小区12个，惠及居民3000户。", "区住建局", "各街道办事处", "2025年11月底前"],
        ["3", "新增城市绿道20公里。", "区城管局", "区自然资源局", "收到资金后30日内"],
    ])
    doc = parse_text(text)
    assert _rows(doc) == [
        (None, "1", "新建改建公办", ["区教育局"], ["区住建局", "区财政局"], "date", "2025-08-31"),
        (None, "2", "改造老旧小区", ["区住建局"], ["各街道办事处"], "date", "2025-11-30"),
        (None, "3", "新增城市绿道", ["区城管局"], ["区自然资源局"], "relative", "days:30"),
    ]


def test_a_headerless_grid_without_unit_columns_is_not_a_task_table():
    text = "\n".join([
        "某区2025年工作要点", "一、重点任务", "1.推进改革。（牵头单位：区发展改革委）",
        "1\t指标一\t95%", "2\t指标二\t90%",
    ])
    doc = parse_text(text)
    assert [t.number for t in doc.tasks] == ["1"]


def test_flattened_table_with_region_header_words_keeps_lead_and_deadline_cells():
    cells = ["序号", "重点任务", "主要责任单位", "协同单位", "完成时间",
             "1", "推行企业开办全程网办，实现1个工作日内办结。", "市市场监管局", "市税务局、市公安局", "2025年6月底前",
             "2", "深化工程建设项目审批改革，审批时限压缩至60个工作日。", "市住建局", "市自然资源局", "2025年9月底前",
             "3", "开展涉企收费专项检查。", "市发展改革委", "市财政局、市市场监管局", "持续推进"]
    doc = parse_text("某市2025年营商环境重点任务分工\n" + "\n".join(cells))
    assert _rows(doc) == [
        (None, "1", "推行企业开办", ["市市场监管局"], ["市税务局", "市公安局"], "date", "2025-06-30"),
        (None, "2", "深化工程建设", ["市住建局"], ["市自然资源局"], "date", "2025-09-30"),
        (None, "3", "开展涉企收费", ["市发展改革委"], ["市财政局", "市市场监管局"], "ongoing", ""),
    ]
