"""A responsibility clause printed as the task's last sentence, without brackets or labels:
"…。县发展改革局牵头，县住建局、县自然资源局配合，2025年6月底前完成。"

Prose also uses role words ("建立由市政府牵头的联席会议制度"), so the sentence counts only when
its first part is a list of agency names closed by a role word, and everything it names looks
like an agency. A last sentence that only gives a deadline ("2025年底前完成。") is skipped over.
"""

from __future__ import annotations

import re

from .clauses import _ROLE_AT_END, Clause, parse_clause, split_names
from .deadline_kinds import is_deadline_cell
from .names import looks_like_agency

_SENTENCE = re.compile(r"[^。；;]+[。；;]?")


def sentence_clause(text: str) -> Clause | None:
    sentences = [m for m in _SENTENCE.finditer(text) if m.group().strip(" \n。；;")]
    for m in reversed(sentences[-2:]):
        body = m.group().strip().rstrip("。；;")
        if is_deadline_cell(body) and m is sentences[-1]:
            continue
        clause = _parse(body)
        if clause:
            clause.span = (m.start(), m.end())
        return clause
    return None


def _parse(sentence: str) -> Clause | None:
    first = re.split(r"[，,]", re.sub(r"\s+", "", sentence))[0]
    role = next((r for r in _ROLE_AT_END.finditer(first) if r.end() == len(first)), None)
    if not role:
        return None
    names = split_names(re.sub(r"^由", "", first[: role.start()]))
    if not names or not all(looks_like_agency(n) for n in names):
        return None
    clause = parse_clause(sentence)
    found = clause.lead + clause.co
    if not found or clause.not_understood or not all(looks_like_agency(n) for n in found):
        return None
    return clause
