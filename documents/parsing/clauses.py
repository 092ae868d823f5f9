"""Responsibility clauses: who leads (牵头) and who shares the work (co).

Names are kept as printed (gold convention); the only rewriting is the expansion of
shared affixes (长沙、岳阳、郴州三市人民政府 → three names).

Roles (gold: "no 牵头, no lead"): units before 牵头 (由X牵头, X牵头负责, X、Y分别牵头) or 主责
lead; everything else is co, including X负责 / X配合 / X负责，Y配合 / X、Y按职责分工负责, where
no unit is printed as leading. 主责 is read as 牵头 because the 主责单位 label already means lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import grammar
from .affixes import expand_shared_affixes
from .deadline_kinds import RELATIVE_FIELD
from .deadlines import OPEN_DEADLINE, clause_deadline
from .names import is_junk, looks_like_agency

LEAD_LABELS = grammar.LEAD_LABELS
CO_LABELS = grammar.CO_LABELS
_LABEL_RE = re.compile(rf"(?<![\u4e00-\u9fff])({grammar.LABEL_ALT})\s*[:：]")
# A label line printed as a field of the task (牵头单位：… on its own line).
LABEL_LINE = re.compile(rf"^(?:{grammar.LABEL_ALT})\s*[:：]")
# A bracketed group is a clause when it names a role.
CLAUSE_KEYWORDS = re.compile(rf"牵头|按职责|分工负责|{grammar.LABEL_ALT}")
# A role word closes a run of names only where the run ends (a separator, a bracket or the end):
# 市推进办 / 指导中心 keep their words.
_ROLE_AT_END = re.compile(rf"(?:{grammar.ROLE_RE.pattern})(?=[、，,；;。）)]|$)")
# Weaker role words also occur in prose brackets ("（需各方配合）"), so a group ending in one of
# them is a clause only when everything before it is a list of unit names: （省财政厅、省税务局等配合）.
_WEAK_ROLE = re.compile(r"(?:主责|负责|配合|参与|协助|协同|协办)$")
# Unit names end like this; used to decide whether 和/及 separates two units and whether a
# list item is complete or shares its suffix with the last item.
UNIT_END = re.compile(
    r"(?:局|厅|委|办|室|处|部|门|位|府|中心|会|院|行|关|司|团|所|站|队|社|联|组|馆|台|校|局|集团|支行|分行|管委会|"
    r"委员会|机构|企业|园区|街镇|乡镇|公司)$"
)
# "X、Y等部门": a tail that only means "etc." adds no entry (gold: 等部门 / 等按职责分工负责).
BARE_TAILS = {"", "部门", "单位", "机构", "部门单位"}
# An empty table cell printed as a dash or 无.
BARE_NONE = {"/", "／", "—", "-", "－", "——", "无", "暂无"}
_END_PHRASE = re.compile(
    r"(?:等)?(?:按(?:照)?职责分工负责|按职责负责|分工负责|共同负责|负责落实|负责|主责|配合|参与|协助|协同|协办|落实)$"
)
# "X、Y分别牵头" / "由X牵头": words around the lead names that are not part of them.
_LEAD_AFFIX = re.compile(r"^由|(?:分别|共同|联合)$")
# "市发展改革委（牵头）、市财政局": the marker names the lead inside a list of responsible units.
_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[）)]")
_LEAD_SENTINEL = "\ue000"
# Separators inside brackets belong to a name: 各县（市、区）人民政府, 各区（县、市）人民政府.
_MASK = {"、": "\ue001", "，": "\ue002", ",": "\ue003", "；": "\ue004", ";": "\ue005", "/": "\ue006"}
_UNMASK = str.maketrans({v: k for k, v in _MASK.items()})
# Whitespace between a complete unit name and the next level-prefixed name separates two units
# ("市教育局 市卫生健康委"); any other whitespace is a PDF artefact inside one name ("市委 宣传部").
_SPACE_SEP = re.compile(r"(?<=[局厅委办室处部门位府心会院行关司团所站队社联组馆台校）)])\s+(?=[省市县区州各乡镇])")
_GLOBAL = re.compile(
    r"(?:以下均需|均需)?((?:[^，,；;。（）()]|[（(][^（）()]*[）)])+?)(?:均为(?:责任|配合)单位|落实)[，,]?(?:以下|下同)?不再(?:一一)?列(?:出|举)"
)


@dataclass
class Clause:
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    co_label: str | None = None
    global_co: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    span: tuple[int, int] | None = None  # position of the bracketed clause in the task text
    not_understood: list[str] = field(default_factory=list)  # printed names that are not agencies


def squeeze(s: str) -> str:
    """Remove whitespace from a list of names, keeping spaces that separate two units as 、."""
    return re.sub(r"\s+", "", _SPACE_SEP.sub("、", s.strip()))


def is_unit(name: str) -> bool:
    """A complete unit name; a trailing bracketed second name (市发展改革委（市粮食和物资储备局）) is ignored."""
    return bool(UNIT_END.search(re.sub(r"[（(][^（）()]*[）)]$", "", name.rstrip(_LEAD_SENTINEL))))


def _mask_brackets(s: str) -> str:
    out, depth = [], 0
    for ch in s:
        depth += ch in grammar.OPEN_BRACKETS
        depth -= depth > 0 and ch in grammar.CLOSE_BRACKETS
        out.append(_MASK.get(ch, ch) if depth else ch)
    return "".join(out)


def find_clause(text: str) -> Clause | None:
    """The last bracketed group naming a role, parsed; None when the task prints no clause.

    Without brackets, a "责任单位：…" label inside the last sentences starts the clause."""
    for start, end in reversed(bracket_groups(text)):
        inner = text[start + 1 : end - 1]
        if _LEAD_MARK.fullmatch(text[start:end]):
            continue  # "X（牵头）" inside an unbracketed "责任单位：…" list, found below
        if names_role(inner) or ends_line(text, end) and unit_list(inner):
            clause = parse_clause(inner)
            clause.span = (start, end)
            if end > len(text):  # cut off: a last name left unfinished is not an agency
                _screen_cut_name(clause)
            return clause
    m = _LABEL_RE.search(text)
    if m:
        clause = parse_clause(text[m.start() :].rstrip("。；;"))
        clause.span = (m.start(), len(text))
        return clause
    return None


def is_clause_group(text: str, start: int, end: int) -> bool:
    """A bracketed group naming a role, or a bare list of units closing its line."""
    return names_role(text[start:end]) or ends_line(text, end) and unit_list(text[start + 1 : end - 1])


def ends_line(text: str, end: int) -> bool:
    return end > len(text) or not text[end:].split("\n", 1)[0].strip(" 。；;，,")


def unit_list(inner: str) -> bool:
    """"各街镇、区规划资源局、区土储中心": every name looks like an agency (drafting remarks aside);
    in a group cut off at the end of the text the last name may be unfinished."""
    names = split_names(_drop_drafting(squeeze(inner)))
    if inner.endswith(tuple(grammar.CLOSE_BRACKETS)) or not names:
        return False
    agencies = [n for n in names if looks_like_agency(n) and not _PROSE_NAME.search(n)]
    return len(agencies) == len(names) or len(agencies) == len(names) - 1 and not looks_like_agency(names[-1]) and len(
        names[-1]) <= 4


# A bracket in prose that happens to end like an agency: （含“一网通办”平台）, （包括市级平台）.
_PROSE_NAME = re.compile(r"[“”\"《》]|^(?:含|包括|包含|如|即|涉及|指|主要|例如|其中|以及|通过|依托|利用)")


def _drop_drafting(inner: str) -> str:
    """Clause parts that are drafting remarks (下同, 不再做分工, 列第一位的为牵头单位) are not names."""
    parts = re.split(r"([，,；;。])", inner)
    # A labelled part keeps its names; a drafting word among them is screened out as not understood.
    kept = [p for p in parts[0::2] if p and (not grammar.DRAFTING_PART.search(p) or _LABEL_RE.match(p))]
    return "，".join(kept)


def _screen_cut_name(clause: Clause) -> None:
    for attr in ("co", "lead"):
        names = getattr(clause, attr)
        if names:
            if not looks_like_agency(names[-1]):
                clause.not_understood.append(names.pop())
            return


def names_role(group: str) -> bool:
    """Whether a bracketed group (brackets optional) is a responsibility clause."""
    inner = group.strip(grammar.OPEN_BRACKETS + grammar.CLOSE_BRACKETS)
    if inner.startswith("以下简称"):
        return False
    if CLAUSE_KEYWORDS.search(inner):
        return True
    rest, _ = _take_deadline(squeeze(inner))
    m = next((m for m in _ROLE_AT_END.finditer(rest) if m.end() == len(rest)), None)
    if m:  # "A、B组织落实": the role word closes a list of units
        names = split_names(rest[: m.start()])
        return bool(names) and all(is_unit(n) or looks_like_agency(n) for n in names)
    if not _WEAK_ROLE.search(rest):  # "X、Y，各县政府负责": the role word closes the whole list
        return False
    names = split_names(_LEAD_AFFIX.sub("", rest))
    return bool(names) and all(is_unit(n) for n in names)


_BRACKET = re.compile(f"[{re.escape(grammar.OPEN_BRACKETS + grammar.CLOSE_BRACKETS)}]")
# （ and ( are one family (sources mix them); 〔〕 and 【】 close only their own kind, so a stray
# 〕 inside a （…） clause is text, not the end of the clause.
_FAMILY = {"（": 0, "(": 0, "）": 0, ")": 0, "〔": 1, "〕": 1, "【": 2, "】": 2, "［": 2, "］": 2}


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """Outermost （…）/(…)/〔…〕/【…】 groups."""
    groups, stack, start = [], [], 0
    opening = grammar.OPEN_BRACKETS
    for m in _BRACKET.finditer(text):  # only the brackets are visited: this runs on every item
        i, ch = m.start(), m.group()
        if ch in opening:
            if not stack:
                start = i
            stack.append(_FAMILY[ch])
        elif stack and stack[-1] == _FAMILY[ch]:
            stack.pop()
            if not stack:
                groups.append((start, i + 1))
    if stack:  # an unclosed clause at the end (a page cut) still counts
        groups.append((start, len(text) + 1))
    return groups


def parse_clause(inner: str) -> Clause:
    inner = squeeze(inner)
    clause = Clause()
    inner = _drop_drafting(_take_globals(inner, clause))
    inner, clause.deadline_text = _take_deadline(inner)
    if _LABEL_RE.search(inner):
        _parse_labelled(inner, clause)
    else:
        clause.lead, clause.co = roles(inner)
    return screen(clause)


def screen(clause: Clause) -> Clause:
    """Only names that look like agencies stay in lead/co; the rest are reported, never assigned."""
    for attr in ("lead", "co"):
        kept = []
        for name in getattr(clause, attr):
            (clause.not_understood if is_junk(name) else kept).append(name)
        setattr(clause, attr, kept)
    return clause


def roles(value: str) -> tuple[list[str], list[str]]:
    """(lead, co) of an unlabelled list: X（牵头）、Y / 由X牵头，Y配合 / X主责 / X、Y负责 (all co).

    Each run of names is closed by its role word (grammar.ROLE_WORDS): "A、B牵头负责，C负责、D组织落实"
    gives lead A, B and co C, D. "A、B，A为牵头单位" names the lead inside the list."""
    if _LEAD_MARK.search(value):
        return marked_lead(value)
    named = [n for m in grammar.LEAD_NAMED.finditer(value) for n in split_names(m.group(1))]
    if named:
        rest = grammar.LEAD_NAMED.sub("", value)
        names = split_names(rest)
        return named, [n for n in names if n not in named]
    segmented = _segments(value)
    if segmented is not None:
        return segmented
    m = _LEAD_WORD.search(value)  # "各项目牵头单位" names a group, it does not make a lead
    if m:
        lead, rest = value[: m.start()], value[m.end() :]
        return split_names(_LEAD_AFFIX.sub("", lead)), split_names(rest.lstrip("，,、；;。"))
    return [], split_names(_LEAD_AFFIX.sub("", value))


_LEAD_WORD = re.compile(r"牵头(?!单位|部门|处室|责任单位)|主责(?!单位)")


def _segments(value: str) -> tuple[list[str], list[str]] | None:
    """Runs of names each closed by a role word; None when no role word closes a run."""
    lead: list[str] = []
    co: list[str] = []
    pos, found = 0, False
    for m in _ROLE_AT_END.finditer(value):
        run = value[pos : m.start()]
        pos = m.end()
        names = split_names(_LEAD_AFFIX.sub("", run.strip("，,、；;。")))
        if not names:
            continue
        found = True
        role = next(k for k, v in m.groupdict().items() if v)
        (lead if role.startswith("lead") else co).extend(names)
    if not found:
        return None
    co.extend(split_names(value[pos:].strip("，,、；;。")))
    return lead, [n for n in co if n not in lead]


def parse_label_line(line: str) -> Clause | None:
    """A line such as "牵头单位：X、Y" or "责任单位：Z" (clauses printed before the task text)."""
    line = squeeze(line)
    if not _LABEL_RE.match(line):
        return None
    if line[-1] in "）)" and line.count("）") + line.count(")") > line.count("（") + line.count("("):
        line = line[:-1]  # the closing bracket of a clause opened on the line before
    clause = Clause()
    # "牵头单位：X；责任单位：Y；完成时限：2023年6月底前" on one line
    line, clause.deadline_text = _take_deadline(line)
    _parse_labelled(line, clause)
    return screen(clause)


def _parse_labelled(inner: str, clause: Clause) -> None:
    parts = _LABEL_RE.split(inner)
    # parts = [before, label1, value1, label2, value2, ...]
    # Units before the first label belong to the clause; another field ("牵头领导：张三") does not.
    if parts[0].strip("，,；;。") and not re.search(r"[:：]", parts[0]):
        clause.co.extend(split_names(parts[0]))
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        value = value.strip("，,；;。")
        if grammar.LABELS[label] == "lead":
            clause.lead.extend(split_names(value))
            continue
        # "责任单位：X牵头，Y配合" / "责任单位：X（牵头）、Y": the list names its own lead
        lead, co = roles(value)
        clause.lead.extend(lead)
        clause.co.extend(co)
        clause.co_label = clause.co_label or label


def _take_globals(inner: str, clause: Clause) -> str:
    """'长沙市人民政府均为责任单位，以下不再列出' → global_co; the name stays in this task's co."""
    m = _GLOBAL.search(inner)
    if not m:
        return inner
    names = split_names(m.group(1))
    clause.global_co = names
    head = inner[: m.start()].rstrip("，,；;")
    # "…按职责分工负责，以下均需X落实" repeats X, while "…负责，X均为责任单位" adds X to this task.
    if not any(n in head for n in names):
        head = head + "，" + "、".join(names)
    return head + inner[m.end() :]


_FIELD = re.compile(rf"^(?:{'|'.join(grammar.DEADLINE_LABELS)})[:：]")


def _take_deadline(inner: str) -> tuple[str, str | None]:
    """(the clause without its deadline part, the deadline words): "时间节点：2025年3月",
    "6月底完成", "10个工作日内", "长期坚持" — the last three without a label."""
    parts = re.split(r"([，,；;])", inner)
    for i in range(len(parts) - 1, -1, -2):
        rest = "".join(parts[: max(i - 1, 0)])
        if _FIELD.match(parts[i]):
            return rest, _FIELD.sub("", parts[i]).rstrip("。") or None
        if clause_deadline(parts[i]) or RELATIVE_FIELD.match(parts[i]) or OPEN_DEADLINE.match(parts[i]):
            return rest, parts[i]
    return inner, None


def marked_lead(value: str) -> tuple[list[str], list[str]]:
    """'X（牵头）、Y，Z' → ([X], [Y, Z]): each unit followed by （牵头） leads."""
    lead, co = [], []
    # The marker also ends a name when no separator follows it ("市发展改革委（牵头）市财政局").
    marked = re.sub(rf"{_LEAD_SENTINEL}(?=[^、，,；;{_LEAD_SENTINEL}])", _LEAD_SENTINEL + "、",
                    _LEAD_MARK.sub(_LEAD_SENTINEL, value))
    for name in split_names(marked):
        (lead if name.endswith(_LEAD_SENTINEL) else co).append(name.rstrip(_LEAD_SENTINEL))
    return [n for n in lead if n], [n for n in co if n]


def split_names(s: str) -> list[str]:
    """'省政务局、长沙市、岳阳市、郴州市人民政府' → four names, affixes expanded."""
    names: list[str] = []
    for group in re.split(r"[，,；;。]", _mask_brackets(squeeze(s))):
        names.extend(n.translate(_UNMASK) for n in _split_group(_END_PHRASE.sub("", group.strip("、"))))
    return [n for n in dict.fromkeys(names) if n and n not in BARE_NONE]


def _split_group(group: str) -> list[str]:
    items: list[str] = []
    for part in re.split(r"[、/]", group):
        items.extend(_split_conjunction(part))
    named: list[str] = []
    for item in items:
        head, sep, tail = item.partition("等")
        named.append(head)
        if sep and tail not in BARE_TAILS:
            named.append(tail)
    return expand_shared_affixes([n for n in named if n], is_unit=is_unit)


def _split_conjunction(part: str) -> list[str]:
    """Split on 和/及/以及 only after a complete unit name: 省工业和信息化厅 stays whole, and so does
    the fixed pair 各县党委和政府 (one group: the party committees and governments)."""
    out: list[str] = []
    rest = part
    while True:
        m = next((m for m in re.finditer(r"以及|及|和|与", rest)
                  if UNIT_END.search(rest[: m.start()]) and rest[m.end() :] not in ("政府", "人民政府")
                  and rest[m.end() :] not in BARE_TAILS), None)  # 各相关部门和单位 is one group
        if not m:
            out.append(rest)
            return out
        out.append(rest[: m.start()])
        rest = rest[m.end() :]


def global_co_from(text: str) -> list[str]:
    m = _GLOBAL.search(re.sub(r"\s+", "", text))
    return split_names(m.group(1)) if m else []
