"""A plan saved from a government website (.html/.htm): paragraphs and tables, no chrome.

Portal pages wrap the 正文 in navigation, headers, footers, share bars and scripts; those
elements and the portals' usual boilerplate lines (打印本页, 关闭窗口 …) are dropped. The
charset comes from a BOM, the <meta> tag, or else the bytes (decode_bytes).
"""

from __future__ import annotations

import re

from documents.parsing.errors import ParseError
from documents.parsing.normalize import decode_bytes

from .rows import cell_text, rows_to_lines

_DROP_TAGS = ("script", "style", "noscript", "nav", "aside", "iframe", "form", "button",
              "select", "svg", "canvas", "template", "object", "embed", "link", "meta")
# Class/id words of portal chrome (menus, breadcrumbs, share bars, sidebars, footers).
_CHROME = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumb|crumbs?|footer|sidebar|share|toolbar|topbar|copyright|"
    r"related|xgwz|dqwz)(?:$|[-_\s\d])", re.I)
_BOILERPLATE = re.compile(
    r"^(?:【?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到?[:：]?.*|字体[:：]?\s*(?:大|中|小|\s|【|】)*)\s*】?\s*)+$")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "blockquote",
          "pre", "dd", "dt", "center", "ul", "ol", "dl", "body", "td", "th", "caption", "address"}
_GBK_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}


def read_html(data: bytes) -> str:
    from bs4 import BeautifulSoup  # imported lazily: plain-text uploads do not need it

    text = _decode(data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml raises its own types for broken markup it cannot recover
        raise ParseError("无法读取网页文件：文件可能已损坏") from exc
    _drop(soup.find_all(_DROP_TAGS))
    # A page's banner and footer go; an article's own <header> holds its title and stays.
    _drop([tag for tag in soup.find_all(["header", "footer"]) if not tag.find_parent(["article", "main"])])
    _drop(soup.find_all(_is_chrome))
    lines = _lines_of(soup.body or soup)
    return "\n".join(line for line in lines if not _BOILERPLATE.match(line))


def _drop(tags) -> None:
    for tag in list(tags):
        if not tag.decomposed:  # already gone with an ancestor
            tag.decompose()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)
    match = _CHARSET.search(data[:4096])
    if match:
        charset = match.group(1).decode("ascii", "replace").lower()
        encoding = "gb18030" if charset in _GBK_ALIASES or charset == "gb18030" else charset
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a page that lies about its charset: let the bytes decide
    return decode_bytes(data)


def _is_chrome(tag) -> bool:
    if tag.name in ("html", "body", "table", "tr", "td", "th", "tbody", "thead"):
        return False
    words = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(words and _CHROME.search(words))


def _lines_of(node) -> list[str]:
    lines: list[str] = []
    inline: list[str] = []
    _walk(node, lines, inline)
    _flush(lines, inline)
    return lines


def _walk(node, lines: list[str], inline: list[str]) -> None:
    """Block elements end a line; tables become TAB rows; inline text runs together."""
    for child in node.children:
        name = getattr(child, "name", None)
        if name is None:
            if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            inline.append(str(child))
        elif name == "br":
            _flush(lines, inline)
        elif name == "table":
            _flush(lines, inline)
            lines.extend(rows_to_lines(_table_rows(child)))
        elif name in _BLOCK:
            _flush(lines, inline)
            _walk(child, lines, inline)
            _flush(lines, inline)
        else:
            _walk(child, lines, inline)


def _flush(lines: list[str], inline: list[str]) -> None:
    text = re.sub(r"[ \t\r\n\u3000\xa0]+", " ", "".join(inline)).strip()
    inline.clear()
    if text:
        lines.append(text)


def _table_rows(table) -> list[list[str | None]]:
    """Rows of a table (not of tables nested in it); rowspan covers the cells below with None."""
    rows: list[list[str | None]] = []
    pending: dict[int, int] = {}  # grid column → rows still covered by a rowspan from above
    for tr in _own_rows(table):
        row: list[str | None] = []
        col = 0
        for cell in (c for c in tr.find_all(["td", "th"], recursive=False)):
            while pending.get(col):
                row.append(None)
                pending[col] -= 1
                col += 1
            row.append(_cell(cell))
            span = _int(cell.get("rowspan"))
            if span > 1:
                pending[col] = span - 1
            col += 1
        while pending.get(col):
            row.append(None)
            pending[col] -= 1
            col += 1
        rows.append(row)
    return rows


def _own_rows(table):
    for child in table.children:
        if getattr(child, "name", None) == "tr":
            yield child
        elif getattr(child, "name", None) in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.children if getattr(tr, "name", None) == "tr")


def _cell(cell) -> str:
    return cell_text(_lines_of(cell))


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1
