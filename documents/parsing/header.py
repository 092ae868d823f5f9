"""Notice metadata: 文号, notice title, issuer, issue date, plan titles and their years."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .numerals import cn_digits_to_int

_DOCNO = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*(\d{1,5})\s*号"
)
_DATE = re.compile(r"^[（(]?((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[）)]?$")
_CN_DATE = re.compile(r"^[（(]?([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[）)]?$")
_ORG_END = re.compile(r"(?:政府|办公厅|办公室|委员会|人民政府|局|厅|委|办|小组|中心|部|院)$")
_TITLE_END = re.compile(r"(?:方案|要点|计划|任务|意见|分工|清单|办法|措施|细则|规划|安排|通知|分工表|分解表|任务表|台账)$")


@dataclass
class Header:
    doc_number: str | None = None
    notice_title: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    plan_titles: list[str] = field(default_factory=list)
    body_start: int = 0  # first line after the notice (where the first plan may begin)
    front_matter: dict[str, str] = field(default_factory=dict)


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A leading YAML-like block (--- key: value ---), as in Markdown exports."""
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return {}, lines
    end = lines.index("---", 1)
    meta = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta, lines[end + 1 :]


def normalise_doc_number(m: re.Match) -> str:
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"


def parse_header(lines: list[str], meta: dict[str, str]) -> Header:
    head = Header(front_matter=meta)
    sentence = _plan_sentence(lines)
    limit = sentence + 1 if sentence is not None else min(len(lines), 15)
    head.plan_titles = _titles_in(lines[sentence]) if sentence is not None else []
    head.notice_title, title_at = _notice_title(lines, limit + 3)
    head.doc_number = _doc_number(lines, max(limit + 3, 30), meta)
    head.issue_date, date_at = _issue_date(lines)
    head.issuer = _issuer(head.notice_title, lines, date_at, meta)
    head.body_start = limit if sentence is not None else 0
    if not head.plan_titles and head.notice_title:
        head.plan_titles = _titles_in(head.notice_title)[:1] or [_title_from_notice(head.notice_title)]
    if not head.plan_titles:
        found = _standalone_title(lines)
        if found:
            head.plan_titles, head.body_start = [found[0]], found[1]
    return head


_SECTION = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def _standalone_title(lines: list[str]) -> tuple[str, int] | None:
    """(title, first line) of a plan title printed on its own, without a notice that names it:
    after the 文号 (红头 + 文号 + title) or as the first line of a bare plan. A title may run
    over up to three short lines (山西省2024年深化“放管服”改革 / 优化营商环境工作要点)."""
    top = []
    for line in lines[:20]:
        if _SECTION.match(line) or ("。" in line and len(line) > 60):
            break  # the body has begun
        top.append(line)
    start = next((i + 1 for i, line in enumerate(top) if _DOCNO.fullmatch(line.strip())), 0)
    for i in range(start, len(top)):
        text = ""
        for line in top[i : i + 3]:
            if _not_title_part(line) or (not text and _ORG_END.search(compact(line))):
                break  # an issuer line (XX市人民政府办公室) above the title is not part of it
            text += compact(line)
            if _looks_like_title(text):
                return text, i
    return None


def _not_title_part(line: str) -> bool:
    """Header furniture and sentences: 红头 (…文件), 文号, dates, addressees, (此件公开发布)."""
    if "\t" in line or line.strip().startswith("|"):
        return True  # a table row (a header such as 序号 / 工作任务 / 牵头单位)
    line = compact(line)
    return (line.endswith(("文件", "：", ":")) or bool(_DOCNO.search(line)) or parse_date_line(line) is not None
            or line[:1] in "（(" or bool(re.search(r"[。，；,;]", line)))


def _titles_in(line: str) -> list[str]:
    return [compact(t) for t in re.findall(r"《([^《》]+)》", line)]


def _outside_titles(line: str) -> str:
    return re.sub(r"《[^《》]*》", "", line)


def _plan_sentence(lines: list[str]) -> int | None:
    """The notice line that hands out the plans: 《…》 with 印发/同意 outside the brackets."""
    for i, line in enumerate(lines[:60]):
        if re.match(r"^[一二三四五六七八九十]+、", line):
            return None
        rest = _outside_titles(line)
        if "《" in line and re.search(r"印发|同意|发给你们", rest):
            return i
    return None


def _notice_title(lines: list[str], limit: int) -> tuple[str | None, int | None]:
    for i, line in enumerate(lines[:limit]):
        if "关于" not in line or len(line) > 120 or "。" in line:
            continue
        text, j = compact(line), i
        while not text.endswith("通知") and j + 1 < len(lines) and j < i + 3 and len(lines[j + 1]) < 60:
            j += 1
            text += compact(lines[j])
        if text.endswith("通知"):
            if text.startswith("关于") and i > 0 and _ORG_END.search(lines[i - 1]) and len(lines[i - 1]) < 30:
                text = compact(lines[i - 1]) + text
            return text, i
    return None, None


def _title_from_notice(notice: str) -> str:
    m = re.search(r"关于印发(.+?)的通知$", notice)
    return m.group(1) if m else notice


def _doc_number(lines: list[str], limit: int, meta: dict[str, str]) -> str | None:
    for line in lines[:limit]:
        m = _DOCNO.fullmatch(line.strip())
        if m:
            return normalise_doc_number(m)
    for key in ("文号", "发文字号", "doc_number"):
        m = _DOCNO.search(meta.get(key, ""))
        if m:
            return normalise_doc_number(m)
    return None


def _issue_date(lines: list[str]) -> tuple[dt.date | None, int | None]:
    for i, line in enumerate(lines):
        # The attachments start at a "附件1" heading; an attachment list ("附件：1.…") printed
        # above the signature is still part of the notice.
        if re.fullmatch(r"附件\s*\d*", line.strip()) and i > 5:
            break
        date = parse_date_line(line.strip())
        if date:
            return date, i
    return None, None


def parse_date_line(line: str) -> dt.date | None:
    m = _DATE.match(line)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CN_DATE.match(line)
        if not m:
            return None
        y, mo, d = cn_digits_to_int(m.group(1)), cn_digits_to_int(m.group(2)), cn_digits_to_int(m.group(3))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _issuer(notice_title: str | None, lines: list[str], date_at: int | None, meta: dict[str, str]) -> str | None:
    signed = None
    if date_at:
        prev = compact(lines[date_at - 1])
        if _ORG_END.search(prev) and len(prev) <= 30 and "，" not in prev:
            signed = prev
    if notice_title and not notice_title.startswith("关于"):
        prefix = notice_title.split("关于", 1)[0]
        # "省政府办公厅关于…": a title naming only the level abbreviates the signed name
        if prefix and not (prefix[0] in "省市州县区" and signed):
            return prefix
    return signed or meta.get("发布单位") or None


def _looks_like_title(line: str) -> bool:
    line = compact(line)
    return 4 <= len(line) <= 60 and "。" not in line and bool(_TITLE_END.search(line))


def plan_year(title: str, fallback: int | None) -> tuple[int | None, bool]:
    """(year, annual): a single year in the title makes an annual plan; a span does not."""
    years = re.findall(r"((?:19|20)\d{2})\s*年", title)
    if re.search(r"(?:19|20)\d{2}\s*[－~～—\-–至到]\s*(?:19|20)\d{2}", title) or not years:
        return fallback, False
    return int(years[0]), True
