"""The clause grammar as data: labels, role words, separators and brackets in one place.

Adding a region's wording is one line here; clauses.py, tables.py and structure.py read these
tables and carry no wording of their own. Roles: "lead" (牵头) or "co" (everything else, gold
convention: no 牵头, no lead).
"""

from __future__ import annotations

import re

# Labelled fields: "牵头单位：X" → lead, "配合单位：Y" → co. Longest first when compiled.
LABELS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead", "主办单位": "lead", "牵头责任单位": "lead",
    "主要责任单位": "lead", "牵头处室": "lead", "牵头领导单位": "lead",
    "责任单位": "co", "责任部门": "co", "责任主体": "co", "责任处室": "co", "配合单位": "co", "配合部门": "co",
    "协办单位": "co", "参与单位": "co", "协同单位": "co", "协同责任单位": "co", "配合责任单位": "co",
    "支撑单位": "co", "支持单位": "co", "实施部门": "co", "实施单位": "co", "实施主体": "co", "推进单位": "co",
    "落实单位": "co", "承办单位": "co", "工作单位": "co",
}
LEAD_LABELS = tuple(k for k, v in LABELS.items() if v == "lead")
CO_LABELS = tuple(k for k, v in LABELS.items() if v == "co")
LABEL_ALT = "|".join(sorted(LABELS, key=len, reverse=True))

# Role words closing a run of names ("X、Y牵头负责，Z组织落实"). Optional modifiers come first.
_MOD = r"(?:按(?:照)?(?:各自)?职责(?:分工)?|分别|共同|联合|组织|负责|统筹)*"
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("lead", r"牵头(?:抓总|负责|落实|推进|实施)?"),
    ("lead", r"主责"),
    ("co", r"(?:负责)?落实|负责|配合|参与|协助|协同|协办|支持|支撑|实施|推进|督促|指导"),
)
ROLE_RE = re.compile("|".join(f"(?P<{role}{i}>{_MOD}(?:{rx}))" for i, (role, rx) in enumerate(ROLE_WORDS)))
# A name marked as the lead inside a list: "A、B，A为牵头单位" / "A（牵头）".
LEAD_NAMED = re.compile(r"(?:其中|由)?([^，,；;、：:]+?)(?:为|是|作为)(?:牵头|主责)(?:单位|部门)?")
# Deadline fields inside a clause: "（责任部门：A、B。时间节点：2025年3月）".
DEADLINE_LABELS = ("完成时限", "时间节点", "完成时间", "时限要求", "办结时限", "时间安排", "完成期限", "时限")
DEADLINE_FIELD = re.compile(rf"(?:{'|'.join(DEADLINE_LABELS)})\s*[:：]")
# Separators between names and between clause parts.
NAME_SEP = "、/"
PART_SEP = "，,；;。"
# Brackets a clause may be printed in; （…） and (…) are one style (sources mix them).
# ASCII [ ] are left out: Markdown links and footnote marks use them.
OPEN_BRACKETS = "（(〔【［"
CLOSE_BRACKETS = "）)〕】］"

# Document-wide rules printed in the notice or plan.
# "列第一位的为牵头单位" / "排在首位的为牵头单位" / "第一个为牵头或汇总单位": the first-named unit leads.
RULE_FIRST_LEADS = re.compile(
    r"(?:列|排|排列|排名|名列)?(?:在|于)?(?:第一位|首位|第一个|第一|最前|前面)(?:位)?的?(?:单位|部门)?(?:为|是|系)(?:牵头|主责)"
)
RULE_NOT_LISTED = re.compile(r"以下不再(?:一一)?列(?:出|举)|下同")
# Drafting remarks inside a clause that are never names: "下同", "不再做分工", "除标注“牵头”外",
# "其他为配合单位", "以下不再列出". A clause part matching one is dropped before names are read.
DRAFTING_PART = re.compile(
    rf"下同|以下同|不再(?:做|作|进行)?分工|不再(?:一一)?列(?:出|举)|除(?:标注|注明|另有).*外|^其(?:他|余)(?:为|是)(?:配合|责任|参与)|"
    rf"{RULE_FIRST_LEADS.pattern}"
)

# Table header words → column roles (unit columns take theirs from LABELS and UNIT_COLUMNS).
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "编号", "序"),
    "category": ("任务类型", "任务分类", "任务类别", "类别", "分类", "领域", "重点领域", "主要方向", "方向", "板块",
                 "项目类型", "工作类别", "行动", "专项行动"),
    "text": ("工作任务", "重点任务", "主要任务", "任务内容", "具体任务", "工作内容", "工作措施", "具体措施", "改革任务",
             "任务", "措施", "改革举措", "工作举措", "任务名称", "项目名称", "主要内容", "建设内容", "工作要求", "具体工作",
             "重点工作", "工作事项", "事项", "任务事项", "目标任务", "主要措施", "政策措施", "年度目标", "工作目标",
             "重点事项", "改革事项", "任务举措", "具体举措"),
    "deadline": (*DEADLINE_LABELS, "进度安排", "时间要求", "计划完成时间", "完成时限要求", "时间进度"),
}
UNIT_COLUMNS: dict[str, str] = {**LABELS, "牵头": "lead", "配合": "co", "主责": "lead", "责任": "co"}


def column_role(cell: str) -> str | None:
    """The role of a table header cell: serial / category / text / deadline / lead / co, or None."""
    cell = re.sub(r"\s+", "", cell)
    if cell in UNIT_COLUMNS:
        return UNIT_COLUMNS[cell]
    return next((role for role, words in COLUMN_WORDS.items() if cell in words), None)
