"""What kind of deadline a task has, for the calendar: a date, a relative period, a recurrence,
standing work, or none.

ParsedTask.deadline_kind is one of KINDS and deadline_value a machine-readable string:
- "date": the ISO date ("2025-03-31"), also in ParsedTask.deadline;
- "relative": "workdays:5" / "days:10" / "weeks:2" / "months:3", counted from the event the plan
  names (收到后, 印发后, or the plan's issue date when none is named);
- "recurring": "monthly:5" (每月5日前), "quarterly", "yearly", "weekly", "daily", "semiannual";
- "ongoing": "" (持续推进, 长期坚持, 常态化);
- "": no deadline printed.
The printed words are in ParsedTask.deadline_phrase. A date always wins: a task with a completion
date and a monthly report is due on its date.
"""

from __future__ import annotations

import re

from .deadlines import OPEN_DEADLINE, clause_deadline, resolve_phrase
from .numerals import cn_to_int
from .types import ParsedTask

KINDS = ("date", "relative", "ongoing", "recurring", "")
_N = r"(\d{1,3}|[一二三四五六七八九十两]{1,3})"
_UNITS = {"工作日": "workdays", "个工作日": "workdays", "日": "days", "天": "days", "个月": "months", "月": "months",
          "周": "weeks", "个星期": "weeks", "星期": "weeks"}
_PERIOD = rf"{_N}\s*(个工作日|工作日|个月|个星期|星期|日|天|周|月)\s*(?:内|以内|之内)"
# In a 完成时限 field, a table cell or a clause, the period alone is the deadline.
RELATIVE_FIELD = re.compile(rf"^(?:[^，。；;]{{0,16}}?后)?\s*{_PERIOD}(?:完成|办结|报送|到位)?$")
# In the text only after the event it counts from: 收到通知后5个工作日内, 印发之日起10日内.
RELATIVE_TEXT = re.compile(
    rf"(?:收到|接到|印发|下发|发布|交办|受理|批复|通知|移交|反馈|立案|完成)[^，。；;]{{0,12}}?(?:后|之日起|起)\s*{_PERIOD}"
)
_MONTHLY_DAY = re.compile(r"每月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日(?:前|之前|以前)")
_QUARTER_END = re.compile(r"每季度?(?:末|结束后)")
_ONGOING = re.compile(
    r"^(?:长期坚持|长期推进|长期开展|长期执行|持续推进|持续开展|持续实施|持续|长期|常态化(?:推进|开展|实施)?|常年|"
    r"(?:(?:19|20)\d{2}年)?(?:起)?(?:长期|持续)(?:推进|开展|坚持)?)$"
)


def is_deadline_cell(cell: str) -> bool:
    """A table cell that gives a deadline: 2025年6月底前, 6月底, 持续推进, 15个工作日内, 每月5日前."""
    cell = re.sub(r"\s+", "", cell)
    return len(cell) <= 24 and bool(clause_deadline(cell) or RELATIVE_FIELD.match(cell) or OPEN_DEADLINE.match(cell)
                                    or _ONGOING.match(cell) or resolve_phrase(cell, 2000))


def classify(task: ParsedTask, prose: str, phrases: list[str]) -> None:
    """Set deadline_kind / deadline_value / deadline_phrase; `phrases` are the clause's and the
    field's deadline words (完成时限：…), which count more than words in the prose."""
    if task.deadline:
        task.deadline_kind, task.deadline_value = "date", task.deadline.isoformat()
        task.deadline_phrase = task.deadline_text or ""
        return
    text = re.sub(r"\s+", "", prose)
    for phrase in phrases:
        if _relative(phrase, RELATIVE_FIELD.match(phrase), task):
            return
    if _relative(text, RELATIVE_TEXT.search(text), task):
        return
    monthly = next((m for p in [*phrases, text] for m in [_MONTHLY_DAY.search(p)] if m), None)
    if monthly:
        task.deadline_kind, task.deadline_value = "recurring", f"monthly:{cn_to_int(monthly.group(1))}"
        task.deadline_phrase = monthly.group(0)
        return
    if task.recurring:
        task.deadline_kind, task.deadline_value = "recurring", task.recurring
        quarter = _QUARTER_END.search(text)
        task.deadline_phrase = quarter.group(0) if quarter else ""
        return
    ongoing = next((p for p in [*phrases, *_last_parts(text)] if _ONGOING.match(p)), None)
    if ongoing:
        task.deadline_kind, task.deadline_value, task.deadline_phrase = "ongoing", "", ongoing
        return
    task.deadline_kind, task.deadline_value, task.deadline_phrase = "", "", ""


def _relative(phrase: str, m: re.Match | None, task: ParsedTask) -> bool:
    if not m:
        return False
    n = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    task.deadline_kind, task.deadline_value = "relative", f"{_UNITS[m.group(2)]}:{n}"
    task.deadline_phrase = m.group(0)
    return True


def _last_parts(text: str) -> list[str]:
    """The closing words of the task ("…，长期坚持。"): standing work is said at the end."""
    parts = [p for p in re.split(r"[，,。；;]", text) if p]
    return parts[-1:]
