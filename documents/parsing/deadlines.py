"""Deadlines and recurrence in task texts and clauses.

Conventions (shared/gold README and corpus README): a period ends on its last day; the
latest dated target of a task is its deadline and the others are milestones; descriptive
years (document titles, 2018年版), start dates (自2022年起), status dates (截至2020年底)
are not deadlines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .types import Milestone

_YEAR = r"(?:19|20)\d{2}"
_POST = r"底前|底|末前|末|以前|之前|前|内|上半年|下半年|第?[一二三四1-4]季度(?:末|底)?(?:前)?"
_DATED = re.compile(
    rf"(?P<pre>截至|截止|到|至|于|在|自|从)?(?P<y1>{_YEAR})(?:年?(?P<rng>[－~～—\-–至到])(?P<y2>{_YEAR}))?年"
    rf"(?:(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日|(?P<xun>[上中下]旬))?)?(?P<post>{_POST})?"
)
# Year-less phrases read in the plan year: 6月底前 / 6月底完成 / 10月15日前 / 6月中旬前 / 年底前 /
# 上半年完成 / 一季度末 / 年中前 / bare 年内, 本年度内, 当年完成. "年底前完成" is printed as 年底前:
# the phrase stops at 前 like the dated form (2021年9月底前); 完成 stays when it directly follows
# the period (6月底完成, as the seeds print it). 三年内 / 两年内 are durations, not the plan year.
_UNDATED = re.compile(
    r"(?<![\d年])(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日(?P<dpost>前|以前|之前)|(?P<xun>[上中下]旬)(?:前|以前|之前|完成)?|"
    r"(?P<mpost>底前|底完成|底|末|前|以前|之前))|"
    r"(?<![一二三四五六七八九十两几半多数每明去全近])(?:(?P<span>年底|年中|年内|上半年|下半年|第?[一二三四]季度)"
    r"(?P<spost>末前|底前|前|末|底|完成|内完成)|(?P<bare>本年度内|本年内|今年内|年内|当年内?(?=完成))(?:完成)?))"
)
# 上旬 / 中旬 end on the 10th / 20th; 下旬 is the end of the month.
_XUN_DAY = {"上旬": 10, "中旬": 20}
_VERB_AFTER_YU = re.compile(r"^(?:全面|基本|全部|初步|如期)?(?:实施|完成|实现|建成|落实|落地|到位)")
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
# Deadline cells and clause pieces that give no date: standing or periodic work.
OPEN_DEADLINE = re.compile(r"^(?:长期|持续|常态化|按期|定期|按年度|分年度|逐年|每[年月季周日半旬]|[一每]季一).{0,10}$")
FIELD_LABELS = re.compile(r"^(?:完成时限|时间节点|完成时间|时限要求|办结时限|完成期限|时间安排|时限)\s*[:：]\s*(.+)$")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span_end(year: int, span: str) -> dt.date:
    if "上半年" in span or "年中" in span:
        return dt.date(year, 6, 30)
    q = re.search(r"([一二三四1-4])季度", span)
    if q:
        return month_end(year, _QUARTER[q.group(1)])
    return dt.date(year, 12, 31)


def _inside_title(text: str, pos: int) -> bool:
    """Inside 《…》 or a quoted name the year describes a document, not a deadline."""
    before = text[:pos]
    return before.count("《") > before.count("》") or before.count("“") > before.count("”")


def _dated(text: str, m: re.Match) -> tuple[str, dt.date] | None:
    pre, post = m.group("pre") or "", m.group("post") or ""
    after = text[m.end() : m.end() + 8]
    if pre in ("截至", "截止", "自", "从") or after.startswith(("起", "开始", "以来")) or _inside_title(text, m.start()):
        return None
    year = int(m.group("y2") or m.group("y1"))
    if m.group("d") and post in ("前", "以前", "之前"):
        return m.group(0), dt.date(year, int(m.group("m")), int(m.group("d")))
    if m.group("d"):
        return None  # a bare full date is an event or an effective date
    phrase = m.group(0)
    if pre == "于":
        verb = _VERB_AFTER_YU.match(after)
        if not (verb or post):
            return None
        phrase += verb.group(0) if verb and not post else ""
    elif pre == "在" and not post:
        return None
    elif not (pre or post or m.group("rng")):
        # A bare "2012年，…" at the start of a sentence dates the sentence's target.
        if not (after.startswith(("，", ",")) and (m.start() == 0 or text[m.start() - 1] in "。；;，,：:")):
            return None
    if m.group("m"):
        return phrase, _month_part(year, int(m.group("m")), m.group("xun"))
    return phrase, _span_end(year, post) if post else dt.date(year, 12, 31)


def _month_part(year: int, month: int, xun: str | None) -> dt.date:
    return dt.date(year, month, _XUN_DAY[xun]) if xun in _XUN_DAY else month_end(year, month)


def _undated(m: re.Match, year: int) -> tuple[str, dt.date] | None:
    if m.group("d"):
        try:
            return m.group(0), dt.date(year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None  # 2月30日: a misprint, not a date
    if m.group("m"):
        return m.group(0), _month_part(year, int(m.group("m")), m.group("xun"))
    return m.group(0), _span_end(year, m.group("span") or "")


def find_dates(text: str, year: int | None) -> list[Milestone]:
    """Every dated target in a task text, in order of appearance, without repeats."""
    text = re.sub(r"\s+", "", text)
    found: list[tuple[int, str, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for m in _DATED.finditer(text):
        hit = _dated(text, m)
        taken.append(m.span())
        if hit:
            found.append((m.start(), *hit))
    if year:
        for m in _UNDATED.finditer(text):
            hit = None if any(a <= m.start() < b for a, b in taken) or _inside_title(text, m.start()) else _undated(m, year)
            if hit:
                found.append((m.start(), *hit))
    found.sort()
    seen: dict[str, Milestone] = {}
    for _, phrase, date in found:
        seen.setdefault(phrase, Milestone(phrase, date))
    return list(seen.values())


def latest(milestones: list[Milestone]) -> Milestone | None:
    """The completion horizon: the latest date (the first printed wins a tie)."""
    best = None
    for ms in milestones:
        if best is None or ms.date > best.date:
            best = ms
    return best


# A completion verb after the date in a clause ("2024年底前完成") belongs to the phrase.
_DONE_VERB = re.compile(r"(?:全面|基本)?(?:完成|实现|到位|落实|实施)$")
_SPAN_ONLY = re.compile(r"(?:本年|当年|今年)?(?:年底|年内|年中|上半年|下半年|第?[一二三四1-4]季度)(?:末|底)?(?:前|内)?")


def clause_deadline(part: str) -> bool:
    """Whether a comma-separated piece of a clause is a deadline ("6月底完成", "2021年底前完成")."""
    part = re.sub(r"\s+", "", part)
    if not part or len(part) > 16:
        return False
    core = _DONE_VERB.sub("", part) or part
    if _DATED.fullmatch(core) or _UNDATED.fullmatch(core) or _SPAN_ONLY.fullmatch(core):
        return True
    return bool(re.fullmatch(rf"(?:{_YEAR}年)?\d{{1,2}}月(?:\d{{1,2}}日)?(?:底|末)?(?:前|以前)?", core))


def resolve_phrase(phrase: str, year: int | None) -> dt.date | None:
    """Date of a deadline phrase found in a clause or a 完成时限 field."""
    dates = find_dates(phrase, year)
    if dates:
        return latest(dates).date
    phrase = re.sub(r"\s+", "", phrase)
    m = re.fullmatch(rf"(?:({_YEAR})年)?(\d{{1,2}})月(?:(\d{{1,2}})日)?.*", phrase)
    y = int(m.group(1)) if m and m.group(1) else year
    if m and y:
        return dt.date(y, int(m.group(2)), int(m.group(3))) if m.group(3) else month_end(y, int(m.group(2)))
    m = re.fullmatch(rf"({_YEAR})年.*", phrase)
    if m:
        return dt.date(int(m.group(1)), 12, 31)
    span = re.fullmatch(r"(?:本年|当年)?(年底|年内|上半年|下半年|第?[一二三四1-4]季度)(?:末|底|前|内)?(?:完成)?", phrase)
    return _span_end(year, span.group(1)) if span and year else None


def field_deadline(line: str) -> str | None:
    """The value of a "完成时限：2021年6月底" line, or None."""
    m = FIELD_LABELS.match(line.strip())
    return re.sub(r"\s+", "", m.group(1)).rstrip("。；;") if m else None


_RECURRENCE = (
    ("daily", re.compile(r"每日|每天|逐日|一日一")),
    ("weekly", re.compile(r"每周|每星期|一周一")),
    # 按月结算 / 按月缴纳 describe billing, not a task done every month
    ("monthly", re.compile(r"每月|按月(?!结算|计费|缴|支付|发放|付)|逐月|一月一(?:调度|通报|报送|督办|调|报|会|评|检查|考核)")),
    ("quarterly", re.compile(r"每季度?|按季度?|逐季|[一每]季度?[^，。；;]{0,8}一次|一季一")),
    ("semiannual", re.compile(r"每半年|半年一次")),
    ("yearly", re.compile(r"每年(?!每)|每一年|一年一次|一年一(?:评|考|检)")),
)


def find_recurrence(text: str) -> str | None:
    """An explicit frequency for a required action; quoted campaign names do not count."""
    text = re.sub(r"“[^”]{0,20}”|\"[^\"]{0,20}\"", "", re.sub(r"\s+", "", text))
    hits = [(m.start(), kind) for kind, rx in _RECURRENCE for m in [rx.search(text)] if m]
    return min(hits)[1] if hits else None
