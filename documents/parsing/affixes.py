"""Names that share an affix: 长沙、岳阳、郴州片区管委会 → three 片区管委会; 各区、县级市 → 各区, 各县级市;
市交通委科技信息处、港务监管处 → both under 市交通委. Split out of clauses.py, which decides what a unit is.
"""

import re
from collections.abc import Callable

# Suffixes that a run of bare place names can share (长沙、岳阳、郴州片区管委会).
SHARED_SUFFIX = ("片区管委会", "人民政府", "管委会", "政府", "人民法院", "人民检察院")
LEVELS = "省市县区州镇乡"


def expand_shared_affixes(items: list[str], *, is_unit: Callable[[str], bool]) -> list[str]:
    """A run of incomplete names before a name ending in a shareable suffix shares its affixes."""
    out: list[str] = []
    run: list[str] = []
    for item in items:
        if not is_unit(item):
            run.append(item)
            continue
        out.extend(_expand_run(run, item) if run else [item])
        run = []
    return _elided_prefix(out + _each_levels(run))


_BARE_LEVEL = re.compile(r"^(?:区|县|市|镇|乡|街道|街镇|乡镇|县级市|县市区|市州|区县|县区)$")


def _each_levels(run: list[str]) -> list[str]:
    """"各区、县级市" (no shared suffix): 各 applies to each bare level word (gold: 各区, 各县级市)."""
    m = re.match(r"各有关|各相关|各", run[0]) if run else None
    if not m or len(run) < 2 or not all(_BARE_LEVEL.match(r) for r in [run[0][m.end() :], *run[1:]]):
        return run
    return [run[0]] + [m.group(0) + r for r in run[1:]]


_ORG_DIVISION = re.compile(r"^([省市区县州][\u4e00-\u9fff]{1,8}?(?:委|局|厅|办))([\u4e00-\u9fff]{2,10}(?:处|科|室))$")


def _elided_prefix(items: list[str]) -> list[str]:
    """"市交通委科技信息处、港务监管处": divisions after the first share its agency prefix."""
    out: list[str] = []
    prefix = None
    for item in items:
        m = _ORG_DIVISION.match(item)
        if m:
            prefix = m.group(1)
        elif prefix and re.search(r"(?:处|科|室)$", item) and item[0] not in LEVELS + "各相有" and len(item) <= 10:
            item = prefix + item
        else:
            prefix = None
        out.append(item)
    return out


def _expand_run(run: list[str], last: str) -> list[str]:
    suffix = next((s for s in SHARED_SUFFIX if last.endswith(s) and len(last) > len(s)), None)
    if not suffix:
        return run + [last]
    head = last[: -len(suffix)]
    # "郴州三市人民政府": the count names the shared level (市) and is dropped.
    m = re.fullmatch(r"(.+?)[一二三四五六七八九十两\d]+([市县区州])", head)
    if m:
        head, suffix = m.group(1), m.group(2) + suffix
    elif head[-1:] in "市县区" and "政府" in suffix and len(head) == len(run[-1]) + 1 and not any(
        r[-1:] in LEVELS for r in run
    ):
        # "越秀、白云、番禺区政府": the level word belongs to the shared suffix.
        head, suffix = head[:-1], head[-1] + suffix
    prefix = _shared_prefix(run, head)
    heads = [run[0][len(prefix) :]] + run[1:] + [head]
    if prefix and head.startswith(prefix):
        heads[-1] = head[len(prefix) :]
    return [prefix + h + suffix for h in heads]


def _shared_prefix(run: list[str], last_head: str) -> str:
    """各 / 各有关 or a region prefix printed only on the first item (自贸试验区长沙、岳阳…)."""
    m = re.match(r"各有关|各", run[0])
    if m:
        return m.group(0)
    if len(run) >= 2 and len(run[0]) > len(run[1]) == len(last_head):
        return run[0][: len(run[0]) - len(run[1])]
    return ""
