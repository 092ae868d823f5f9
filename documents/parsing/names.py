"""Whether a printed name looks like an agency: a unit, a collective or a place government.

Drafting words (下同, 不再做分工), bracket and quote fragments, one-character names and
sentences are never agencies; the parser reports them as not understood instead.
"""

from __future__ import annotations

import re

# Endings of agency names (局 厅 委 办 … 政府 中心 公司 集团 街道 镇).
AGENCY_END = re.compile(
    r"(?:局|厅|委|办|室|处|科|部|门|协|位|府|中心|会|院|行|关|司|团|所|站|队|社|联|组|馆|台|校|集团|支行|分行|"
    r"管委会|委员会|机构|企业|园区|街镇|乡镇|公司|街道|镇|乡|开发区|新区|高新区|经开区|试验区|专班|总办|"
    r"分社|分局|法院|检察院|总队|支队|大队|办公室|指挥部|领导小组|小组|基地|协会|学会|商会|银行|网)$"
)
# Collectives made of a level word: 各区, 各县级市, 各街镇, 相关街镇, 各区县.
_LEVEL = r"(?:省|市|县|区|州|盟|旗|乡|镇|村|街道|街镇|乡镇|县级市|县市区|市州|区县|县区|市县|县（市、区）|区（县、市）|地市)"
COLLECTIVE = re.compile(rf"^(?:各|相关|有关|各有关|各相关|其他)+{_LEVEL}+$")
_DRAFTING = re.compile(
    r"下同|不再|以下|分别|除外|除标注|外$|为准|负责$|牵头$|配合$|参与$|落实$|按职责|等$|[“”\"《》〔〕【】]|"
    r"^[（(）)\[\]]|[（(]$|^[0-9０-９]|[。：:]"
)


_NOT_NAME = re.compile(r"\d|^(?:完成|推进|建设|加快|开展|实施|创建|提升|推动|加强|落实|打造|启动|做好|组织|制定|建立|健全)")


def looks_like_agency(name: str) -> bool:
    name = name.strip()
    # 市营商局（市12345热线中心）: the second name in brackets may hold digits
    if _NOT_NAME.search(re.sub(r"[（(][^（）()]*[）)]$", "", name)) or len(name) > 30:
        return False
    if len(name) < 2 or _DRAFTING.search(name) and not re.search(r"“[^”]+”专班$|“[^”]+”", name[:-2] or "x"):
        return _quoted_unit(name)
    if COLLECTIVE.match(name):
        return True
    core = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    return bool(AGENCY_END.search(core)) and len(core) >= 2


def _quoted_unit(name: str) -> bool:
    """区“两旧”专班: a quoted word inside a name that still ends like an agency."""
    if len(name) < 3 or not re.search(r"“[^”]+”", name) or re.search(r"[“”]$|^[“”]|下同|不再|除", name):
        return False
    return bool(AGENCY_END.search(name))


_JUNK = re.compile(r"下同|不再|以下|除外|除标注|为准|分别牵头|[“”\"《》〔〕【】\[\]]|^[（()）]|[（(]$|^[\d０-９]|[。：:]|外$")


def is_junk(name: str) -> bool:
    """Never an agency: drafting words, bracket or quote fragments, one character, a bare level word.
    Other names that merely lack an agency ending (a typo such as 省住房城乡建设) stay as printed."""
    name = name.strip()
    if len(name) < 2:
        return True
    if _quoted_unit(name):
        return False
    return bool(_JUNK.search(name)) or len(name) > 40
