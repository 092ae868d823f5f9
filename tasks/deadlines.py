"""What a task's printed time limit (时限原文) means, and the date it resolves to.

Plans print more than dates: "10个工作日内" and "收到后15日内" count from the day the task is assigned
(the import), "每月5日前" is a recurring report, "持续推进" / "长期坚持" / "常态化" never end. The rule is read
from the text here (the parser may say the same in ParsedTask.deadline_kind; both vocabularies are accepted)
and resolved with the workdays calendar. Ongoing tasks have no deadline, so they never turn red; they owe a
report every period instead (reporting.periods).
"""

import datetime
import re
from dataclasses import dataclass

from documents.parsing.numerals import cn_to_int
from workdays.calendar import WorkdayCalendar
from workdays.choices import RelativeKind
from workdays.schedule import resolve_relative_deadline

from .choices import DeadlineKind, Recurrence

_NUMBER = r"(\d{1,4}|[零一二两三四五六七八九十百]{1,5})"
_WORKING = re.compile(_NUMBER + r"\s*个?\s*工作日(?:以?内|之内)")
_CALENDAR = re.compile(r"(?:收到|接到|印发|下发|交办)[^，。；,;]{0,8}?(?:后|之日起|起)\s*" + _NUMBER + r"\s*(?:个)?(?:自然)?日(?:以?内|之内)")
_MONTHLY = re.compile(r"每月\s*" + _NUMBER + r"\s*日(?:前|之前|以前)")
_QUARTERLY = re.compile(r"每(?:个)?季度")
_YEARLY = re.compile(r"每年")
_ONGOING = re.compile(r"持续推进|长期坚持|常态化|长期推进|持续开展|长期开展|长期")
_CLAUSE = re.compile(r"(?:完成时限|时限要求|时限|完成时间)\s*[:：]\s*([^；;）)\n]{1,60})")
# The parser's words for the same kinds (documents/parsing/deadline_kinds.py): a kind and a string value,
# e.g. ("relative", "workdays:5"), ("relative", "days:30"), ("recurring", "monthly:5"), ("recurring", "quarterly").
_PARSER_UNITS = {"workdays": 1, "days": 1, "weeks": 7}
_PARSER_RECURRENCE = {"monthly": "monthly", "quarterly": "quarterly", "yearly": "yearly"}


@dataclass(frozen=True)
class DeadlineRule:
    kind: str  # DeadlineKind
    value: int | None = None  # N of "N个工作日内" / "收到后N日内", the day of "每月N日前"
    recurrence: str = ""  # Recurrence of a recurring report, when the text says it

    def describe(self) -> str:
        """Chinese, for the task page: "交办后10个工作日内"."""
        if self.kind == DeadlineKind.WORKING_DAYS:
            return f"交办后{self.value}个工作日内"
        if self.kind == DeadlineKind.CALENDAR_DAYS:
            return f"收到后{self.value}日内"
        if self.kind == DeadlineKind.RECURRING:
            return f"每月{self.value}日前" if self.value else "定期报送"
        return DeadlineKind(self.kind).label if self.kind else ""


def chinese_number(text: str) -> int:
    """"10", "十", "十五", "二十", "一百" → int (the parser's reading of Chinese numerals)."""
    return cn_to_int(text)


def printed_time_limit(task_text: str) -> str:
    """The "完成时限：…" of a task's clause, for limits the parser left out of deadline_text (it keeps dates)."""
    match = _CLAUSE.search(task_text or "")
    return match.group(1).strip() if match else ""


def deadline_rule(text: str, *, has_date: bool = False, parser_kind: str = "", parser_value: str | int | None = None
                  ) -> DeadlineRule:
    """The rule a printed time limit states. A stated date wins over words such as "长期"."""
    text = text or ""
    if match := _WORKING.search(text):
        return DeadlineRule(DeadlineKind.WORKING_DAYS, chinese_number(match.group(1)) or None)
    if match := _CALENDAR.search(text):
        return DeadlineRule(DeadlineKind.CALENDAR_DAYS, chinese_number(match.group(1)) or None)
    if match := _MONTHLY.search(text):
        return DeadlineRule(DeadlineKind.RECURRING, chinese_number(match.group(1)) or None, Recurrence.MONTHLY)
    if has_date:
        return DeadlineRule(DeadlineKind.DATE)
    if _QUARTERLY.search(text):
        return DeadlineRule(DeadlineKind.RECURRING, None, Recurrence.QUARTERLY)
    if _YEARLY.search(text):
        return DeadlineRule(DeadlineKind.RECURRING, None, Recurrence.YEARLY)
    if _ONGOING.search(text):
        return DeadlineRule(DeadlineKind.ONGOING)
    return _from_parser(parser_kind or "", str(parser_value or ""))


def _from_parser(kind: str, value: str) -> "DeadlineRule":
    """The parser's (kind, value) when the printed limit itself said nothing the rules above read."""
    unit, _, number = value.partition(":")
    n = int(number) if number.isdigit() else None
    if kind == "relative" and unit in _PARSER_UNITS and n:
        if unit == "workdays":
            return DeadlineRule(DeadlineKind.WORKING_DAYS, n)
        return DeadlineRule(DeadlineKind.CALENDAR_DAYS, n * _PARSER_UNITS[unit])
    if kind == "recurring" and unit in _PARSER_RECURRENCE:
        return DeadlineRule(DeadlineKind.RECURRING, n if unit == "monthly" else None, _PARSER_RECURRENCE[unit])
    if kind == "ongoing":
        return DeadlineRule(DeadlineKind.ONGOING)
    if kind == "date":
        return DeadlineRule(DeadlineKind.DATE)
    return DeadlineRule(DeadlineKind.NONE)


def resolve_deadline(rule: DeadlineRule, *, assigned_on: datetime.date, printed: datetime.date | None,
                     calendar: WorkdayCalendar | None = None) -> datetime.date | None:
    """The date the task is due: relative rules from `assigned_on`, none for ongoing tasks, else as printed."""
    if rule.kind == DeadlineKind.ONGOING:
        return None
    if rule.kind in (DeadlineKind.WORKING_DAYS, DeadlineKind.CALENDAR_DAYS) and rule.value:
        unit = RelativeKind.WORKING_DAYS if rule.kind == DeadlineKind.WORKING_DAYS else RelativeKind.CALENDAR_DAYS
        return resolve_relative_deadline(unit, rule.value, assigned_on, calendar)
    return printed


def deadline_rule_words(task) -> str:
    """The stored rule of a task in words, for its page ("" for a plain date or nothing stated)."""
    if task.deadline_kind in ("", DeadlineKind.DATE):
        return ""
    return DeadlineRule(task.deadline_kind, task.deadline_value).describe()
