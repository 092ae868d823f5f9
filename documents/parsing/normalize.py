"""Bytes → clean text: encoding detection, .docx reading, character normalisation, noise removal.

Everything here is about characters and lines; nothing knows about tasks or clauses.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from functools import lru_cache

from .errors import ParseError

CJK = "\u4e00-\u9fff"
# Lines end a sentence (or a heading list item) with these; anything else may be a page break.
TERMINAL = "。；;！!？?：:）)〕】」』”\"》"
TRUNCATION_MARKERS = ("预览已结束", "預覽已結束", "试读结束", "未完待续", "查看全文", "完整报告链接")

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin gloss such as "發(fā)": lowercase letters with at least one tone mark.
_PINYIN_GLOSS = re.compile(rf"[(（][a-zü]*[{_TONE_VOWELS}][a-zü{_TONE_VOWELS}]*[)）]")
_URL = re.compile(r"(?:https?://|www\.)[\w\-./?=&%#:;~+,@!]+", re.I)
_BOILERPLATE_LINE = re.compile(
    r"^(?:来源[:：].*|.*更新时间[:：].*|浏览[:：]?\s*\d*\s*|.*扫一扫.*|.*二维码.*|热门文章|相关文章|联系方式|"
    r"电话[:：].*|邮箱[:：].*|地址[:：].*|邮编[:：].*|传真[:：].*|打印本页|关闭窗口|【?字体[:：].*|分享到.*|"
    r"HNPR[-—–－]\d{4}[-—–－]\d+|[A-Z]{2,6}[-—–－]\d{4}[-—–－]\d{3,}|第\s*\d+\s*页\s*(?:共\s*\d+\s*页)?|"
    r"[-—－]\s*\d+\s*[-—－]|官方链接[:：]?.*)$"
)
# Half-width punctuation is kept as printed (the gold keeps it); only letters/digits/space are folded.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update({0x3000: 0x20, 0xA0: 0x20})


def decode_bytes(data: bytes) -> str:
    """Decode an uploaded text file: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), GB18030."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError("文件为空")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, enc)
    utf16 = _utf16_by_nul_pattern(data)
    if utf16:
        return _strict(data, utf16)
    if b"\x00" in data:
        # CJK-heavy UTF-16 without BOM: only newlines and ASCII give NULs; accept a clean decode.
        for enc in ("utf-16-le", "utf-16-be"):
            text = _try_utf16(data, enc)
            if text is not None:
                return text
        raise ParseError("无法识别文件编码：文件可能是二进制文件")
    for enc in ("utf-8", "gb18030"):
        try:
            return _check_text(data.decode(enc))
        except UnicodeDecodeError:
            continue
    raise ParseError("无法识别文件编码：请使用 UTF-8、GBK 或 UTF-16 编码的文本文件")


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """ASCII-heavy UTF-16 without BOM shows NULs at every other byte; CJK-heavy text does not,
    so also try a strict decode and accept it when most characters are CJK."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _try_utf16(data: bytes, enc: str) -> str | None:
    if len(data) % 2:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    plain = sum(1 for c in text if c.isspace() or c.isascii() and c.isprintable() or "\u3000" <= c <= "\u9fff"
                or "\uff00" <= c <= "\uffef" or "\u2010" <= c <= "\u206f")
    return text if text and plain / len(text) > 0.97 else None


def _strict(data: bytes, enc: str) -> str:
    try:
        return _check_text(data.decode(enc))
    except UnicodeDecodeError as exc:
        raise ParseError("无法识别文件编码：文件可能已损坏") from exc


def _check_text(text: str) -> str:
    """Reject decodes that are mostly control characters (a binary file that happened to decode)."""
    sample = text[:5000]
    bad = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\r\n\t\f")
    if sample and bad / len(sample) > 0.01:
        raise ParseError("无法识别文件编码：文件可能是二进制文件")
    return text


def read_docx(data: bytes) -> str:
    """Paragraphs and tables in document order; each table row on one line (see _table_lines)."""
    try:
        import docx  # python-docx; imported lazily so plain-text parsing does not need it

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken zips
        raise ParseError("无法读取 Word 文件：文件可能已损坏或不是 .docx 格式") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            lines.extend(_table_lines(child))
    return "\n".join(lines)


def _table_lines(tbl) -> list[str]:
    """One line per row, cells split by tabs, so an empty cell keeps its column. A vertically
    merged cell repeats the text of the cell that starts the merge (Word stores it once); a row
    with one filled cell (a section row spanning the table) is printed as that cell alone."""
    out: list[str] = []
    above: dict[int, str] = {}  # grid column → text of the cell that started a vertical merge
    for tr in (e for e in tbl.iterchildren() if e.tag.endswith("}tr")):
        cells, col = [], 0
        for tc in (e for e in tr.iterchildren() if e.tag.endswith("}tc")):
            span = _attr_int(tc, "gridSpan", 1)
            vmerge = [e for e in tc.iter() if e.tag.endswith("}vMerge")]
            if vmerge and not any(v.get(v.tag.replace("vMerge", "val")) == "restart" for v in vmerge):
                text = above.get(col, "")
            else:
                text = _cell_text(tc)
                above[col] = text
            cells.append(text)
            col += span
        filled = [c for c in cells if c]
        if len(filled) == 1 and len(cells) > 2 and not cells[0].isdigit():
            out.append(filled[0])
        elif filled:
            out.append("\t".join(cells))
    return out


def _cell_text(tc) -> str:
    """Paragraphs of a cell on one line: a sentence end joins directly, a list of names gets 、."""
    text = ""
    for p in (e for e in tc.iter() if e.tag.endswith("}p")):
        para = "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")).strip()
        if para:
            text += ("" if not text or text[-1] in "。；;！!？?" else "、") + para
    return text


def _attr_int(tc, name: str, default: int) -> int:
    el = next((e for e in tc.iter() if e.tag.endswith("}" + name)), None)
    if el is None:
        return default
    val = next((v for k, v in el.attrib.items() if k.endswith("}val")), None)
    return int(val) if val and val.isdigit() else default


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Characters frequent in traditional text and absent from simplified text.
_TRAD_HINTS = set("號們給發與東為無說國會這個們來時實現經過還進開關業產門問員義幾範圍條機構區縣鄉鎮務務辦專項設層證據號")


def looks_traditional(text: str) -> bool:
    sample = text[:20000]
    hits = sum(1 for c in sample if c in _TRAD_HINTS)
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff") or 1
    # Long texts need several hits (a simplified text may quote one traditional name);
    # a short snippet is traditional when a fair share of its characters are.
    return (hits >= 5 and hits / cjk > 0.01) or hits / cjk >= 0.2


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if looks_traditional(text) else text


def has_truncation_marker(text: str) -> bool:
    return any(m in text for m in TRUNCATION_MARKERS)


def normalize_text(text: str) -> str:
    """Canonical text for the structure parser (see module doc)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.translate(_FULLWIDTH_ALNUM)
    text = _PINYIN_GLOSS.sub("", text)
    text = _strip_mojibake(text)
    text = to_simplified(text)
    # After a blank line, a list of agency names is a cell of its own (a table flattened one
    # cell per line), never the rest of the paragraph above; other page breaks still join.
    paragraphs = re.split(r"\n[ \t\u3000]*\n", text)
    lines = []
    for k, para in enumerate(paragraphs):
        part = _clean_lines(para.split("\n"))
        if k and part and lines and (_unit_list(part[0]) or _unit_list(lines[-1].lstrip(_HARD)) or _CELL_START.match(part[0])):
            part[0] = _HARD + part[0]
        lines.extend(part)
    return "\n".join(line.lstrip(_HARD) for line in join_broken_lines(lines))


_HARD = "\ue010"
# A serial alone or a group row (行动一：…) after a blank line starts a table row.
_CELL_START = re.compile(r"^(?:\d{1,3}|(?:行动|第)[一二三四五六七八九十]+.{0,40})$")


def _unit_list(line: str) -> bool:
    from .names import looks_like_agency

    parts = [p for p in re.split(r"[、，,；;]", line) if p]
    return bool(parts) and all(looks_like_agency(p) for p in parts)


def _strip_mojibake(text: str) -> str:
    # U+FFFD and "?" wedged between CJK characters are lost bytes; drop them rather than guess.
    text = text.replace("\ufffd", "")
    return re.sub(rf"(?<=[{CJK}])\?!?(?=[{CJK}])", "", text)


def _clean_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if has_truncation_marker(line):
            break  # everything after a "preview ended" banner is the vendor's page
        line = _URL.sub("", line).strip()
        line = re.sub(r"^#{1,6}\s+", "", line)  # Markdown headings
        if not line or line.startswith(">") or _BOILERPLATE_LINE.match(line):
            continue
        out.append(line)
    return out


_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．﹒]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、﹒](?!\d)|[（(]\d{1,3}[）)]|[①-⑳]|"
    r"附件|牵头(?:单位|部门)|责任(?:单位|部门|主体|处室)|配合(?:单位|部门)|主(?:办|责)单位|协办单位|参与单位|"
    r"完成时限|时间节点|完成时间)"
)


_TITLE_END = re.compile(r"(?:通知|方案|要点|计划|意见|决定|规定|办法|任务|清单|分工|分工表|分解表|任务表|台账|细则|安排)$")


def is_marker_line(line: str) -> bool:
    return bool(_MARKER.match(line))


def join_broken_lines(lines: list[str], min_len: int = 20) -> list[str]:
    """Join a long line that stops mid-sentence with the next line (a PDF page break).

    Short lines (titles, signatures, headings) are never joined here, because their line
    ends are meaningful; the structure parser joins title lines itself.
    """
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line, min_len):
            out[-1] = _merge(out[-1], line)
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str, min_len: int) -> bool:
    if line.startswith(_HARD):
        return False
    if "\t" in prev or "\t" in line:
        return False  # a table row pasted from Word: one row per line, cells split by tabs
    if prev.startswith("|") and prev.endswith("|") or line.startswith("|") and line.endswith("|"):
        return False  # a pipe / Markdown table row
    if prev[-1] in "（(〔【“《" and len(prev) >= min_len:
        return True  # an opening bracket never ends a paragraph: "…评查。（|责任单位：…）"
    if len(prev) < min_len or prev[-1] in TERMINAL or is_marker_line(line) or _TITLE_END.search(prev):
        return False
    if len(line) < min_len and line[-1] not in TERMINAL:
        return False  # a short unfinished line is a heading, signature, date or 文号, not a continuation
    return not (is_marker_line(prev) and len(prev) < 40 and "。" not in prev)


def _merge(prev: str, line: str) -> str:
    """Join two halves, dropping a fragment printed on both sides of the break (省市场监管局|管局牵头)."""
    for k in range(min(6, len(prev), len(line)), 1, -1):
        tail = prev[-k:]
        if tail == line[:k] and re.fullmatch(rf"[{CJK}]+", tail) and tail[-1] in "局厅委办室处部会":
            return prev + line[k:]
    return prev + line
