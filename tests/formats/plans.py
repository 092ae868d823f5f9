"""Two small plans in layouts the corpus does not have, written for these tests, as lines.

PROSE: a district plan whose numbered tasks end in （牵头单位：…；责任单位：…） clauses.
TABLE: a city plan whose tasks are the rows of an attached 分工表, with group rows and a
牵头单位 cell merged over two tasks. Each line of TABLE_ROWS is a list of cells; None marks
a cell covered by the merge above it (the .txt form repeats the merged text, as Word does).
"""

PROSE_HEAD = [
    "清江市临川区人民政府办公室关于印发《临川区2026年营商环境优化提升行动方案》的通知",
    "临府办发〔2026〕12号",
    "各镇人民政府、街道办事处，区直各单位：",
    "《临川区2026年营商环境优化提升行动方案》已经区人民政府同意，现印发给你们，请认真组织实施。",
    "清江市临川区人民政府办公室",
    "2026年2月10日",
    "临川区2026年营商环境优化提升行动方案",
]
PROSE_BODY = [
    "一、提升政务服务效能",
    "1.推行企业开办“一日办结”，实现企业登记、公章刻制、申领发票一次办完。2026年6月底前完成。"
    "（牵头单位：区市场监管局；责任单位：区税务局、区公安分局）",
    "2.建设区级“高效办成一件事”专区，新增集成办理事项不少于10项。2026年9月底前完成。"
    "（牵头单位：区行政审批局；责任单位：区发展改革局、区人力资源社会保障局）",
    "3.推进工程建设项目审批全流程网上办理，压缩审批时限至40个工作日以内。2026年12月底前完成。"
    "（牵头单位：区住房城乡建设局；责任单位：区自然资源局、区行政审批局）",
    "二、优化市场环境",
    "4.开展涉企违规收费专项整治，建立问题线索台账并按月销号。2026年8月底前完成。"
    "（牵头单位：区发展改革局；责任单位：区财政局、区市场监管局）",
    "5.完善中小企业融资服务平台，推动银行机构开展首贷续贷服务。2026年10月底前完成。"
    "（牵头单位：区金融服务中心；责任单位：区财政局、区工业和信息化局）",
    "6.建立企业诉求“直通车”机制，诉求办结率达到95%以上。2026年11月底前完成。"
    "（牵头单位：区政务服务中心；责任单位：区司法局）",
]
PROSE_LINES = PROSE_HEAD + PROSE_BODY
# (number, text start, lead, co, deadline) the parser must find in every format.
PROSE_EXPECTED = [
    ("1", "推行企业开办", ["区市场监管局"], ["区税务局", "区公安分局"], "2026-06-30"),
    ("2", "建设区级", ["区行政审批局"], ["区发展改革局", "区人力资源社会保障局"], "2026-09-30"),
    ("3", "推进工程建设项目", ["区住房城乡建设局"], ["区自然资源局", "区行政审批局"], "2026-12-31"),
    ("4", "开展涉企违规收费", ["区发展改革局"], ["区财政局", "区市场监管局"], "2026-08-31"),
    ("5", "完善中小企业融资", ["区金融服务中心"], ["区财政局", "区工业和信息化局"], "2026-10-31"),
    ("6", "建立企业诉求", ["区政务服务中心"], ["区司法局"], "2026-11-30"),
]

TABLE_HEAD = [
    "江城市人民政府办公室关于印发《江城市2026年数字政府建设重点任务分工表》的通知",
    "江政办函〔2026〕33号",
    "各县（市、区）人民政府，市政府各部门：",
    "现将《江城市2026年数字政府建设重点任务分工表》印发给你们，请认真抓好落实。",
    "江城市人民政府办公室",
    "2026年3月5日",
    "江城市2026年数字政府建设重点任务分工表",
]
TABLE_HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
TABLE_ROWS: list[list[str | None]] = [
    ["一、夯实数字底座", None, None, None, None],
    ["1", "建成全市统一的政务云平台，完成部门业务系统迁移上云。", "市大数据局", "市财政局、市发展改革委", "2026年6月底前"],
    ["2", "建设城市运行管理中心，接入应急、交通、环保等感知数据。", "市城市管理局", "市应急局、市交通运输局",
     "2026年9月底前"],
    ["二、深化数据共享", None, None, None, None],
    ["3", "编制公共数据资源目录，实现目录动态更新。", "市数据资源中心", "市直各部门", "2026年5月底前"],
    ["4", "开展公共数据授权运营试点，形成一批应用场景。", None, "市市场监管局、市工业和信息化局", "2026年11月底前"],
    ["5", "推进电子证照在政务服务中全面应用，高频证照实现免提交。", "市行政审批局", "市公安局", "2026年12月底前"],
]
# The merged 牵头单位 of task 4 is the cell above it (task 3's).
TABLE_EXPECTED = [
    ("1", "建成全市统一的", ["市大数据局"], ["市财政局", "市发展改革委"], "2026-06-30"),
    ("2", "建设城市运行管理", ["市城市管理局"], ["市应急局", "市交通运输局"], "2026-09-30"),
    ("3", "编制公共数据资源", ["市数据资源中心"], ["市直各部门"], "2026-05-31"),
    ("4", "开展公共数据授权", ["市数据资源中心"], ["市市场监管局", "市工业和信息化局"], "2026-11-30"),
    ("5", "推进电子证照在", ["市行政审批局"], ["市公安局"], "2026-12-31"),
]


def table_as_text_rows(header=TABLE_HEADER, rows=TABLE_ROWS) -> list[str]:
    """The table in the .txt convention: TAB cells, merges repeated, group rows alone."""
    out = ["\t".join(header)]
    above: dict[int, str] = {}
    for row in rows:
        if row[1] is None:
            out.append(row[0])
            continue
        cells = []
        for col, cell in enumerate(row):
            cell = above[col] if cell is None else cell
            above[col] = cell
            cells.append(cell)
        out.append("\t".join(cells))
    return out


def prose_text() -> str:
    return "\n".join(PROSE_LINES) + "\n"


def table_text() -> str:
    return "\n".join(TABLE_HEAD + table_as_text_rows()) + "\n"


# A third plan: a 分工表 whose header words are not in the grammar (推进主体 / 配合主体), so the
# unit columns are found by their cells; relative and standing deadlines; group rows 行动一：….
REGION_HEAD = [
    "南溪市人民政府办公室关于印发《南溪市2026年政务服务提质增效行动任务表》的通知",
    "南府办发〔2026〕9号",
    "各区人民政府，市政府各部门：",
    "现将《南溪市2026年政务服务提质增效行动任务表》印发给你们，请认真抓好落实。",
    "南溪市人民政府办公室",
    "2026年4月1日",
    "南溪市2026年政务服务提质增效行动任务表",
]
REGION_HEADER = ["编号", "工作举措", "推进主体", "配合主体", "时间要求"]
REGION_ROWS: list[list[str | None]] = [
    ["行动一：提升办事便利度", None, None, None, None],
    ["1", "推行政务服务“免证办”，高频事项免提交证照。", "市政务服务局", "市数据局、各区人民政府", "2026年6月底前"],
    ["2", "推进“一件事一次办”，新增主题服务10个。", None, "市人社局、市卫生健康委", "2026年9月底前"],
    ["行动二：强化诉求响应", None, None, None, None],
    ["3", "建立企业诉求快速响应机制，诉求受理后5个工作日内答复。", "市营商环境局", "市12345热线中心", "5个工作日内"],
    ["4", "开展政务服务“好差评”常态化回访。", "市政务服务局", "各区人民政府", "持续推进"],
]
# (number, text start, lead, co, deadline kind, deadline value); task 2's 推进主体 is merged with task 1's.
REGION_EXPECTED = [
    ("1", "推行政务服务", ["市政务服务局"], ["市数据局", "各区人民政府"], "date", "2026-06-30"),
    ("2", "推进“一件事", ["市政务服务局"], ["市人社局", "市卫生健康委"], "date", "2026-09-30"),
    ("3", "建立企业诉求", ["市营商环境局"], ["市12345热线中心"], "relative", "workdays:5"),
    ("4", "开展政务服务", ["市政务服务局"], ["各区人民政府"], "ongoing", ""),
]


def region_text() -> str:
    return "\n".join(REGION_HEAD + table_as_text_rows(REGION_HEADER, REGION_ROWS)) + "\n"
