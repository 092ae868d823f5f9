"""The admin's bulk entry form: paste a year's holiday notice as lines, check everything, then save it all."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from .models import MAX_YEAR, MIN_YEAR
from .services import DayEntry

MAX_RANGE_DAYS = 31  # no statutory holiday is longer; a longer range is a typing error
_DATE = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|-|—|－)\s*{_DATE})?\s+(放假|休息|上班|工作日)(?:\s+(.+))?$")
HELP = (
    "每行一条：日期 [至 日期] 放假|上班 [名称]。例如：\n"
    "2027-01-01 至 2027-01-03 放假 元旦\n"
    "2027-02-20 上班 春节调休上班"
)


def _date(parts: tuple[str, str, str], number: int) -> datetime.date:
    try:
        day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValidationError(f"第{number}行：日期 {'-'.join(parts)} 不存在") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"第{number}行：年份须在 {MIN_YEAR}–{MAX_YEAR} 之间")
    return day


def parse_lines(text: str, *, note: str = "") -> list[DayEntry]:
    """Entries from the pasted lines; every bad line is reported (with its number), and none is kept."""
    entries: dict[datetime.date, DayEntry] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            errors.append(f"第{number}行无法识别：“{line}”（格式：日期 [至 日期] 放假|上班 [名称]）")
            continue
        groups = match.groups()
        try:
            first = _date(groups[0:3], number)
            last = _date(groups[3:6], number) if groups[3] else first
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if last < first or (last - first).days >= MAX_RANGE_DAYS:
            errors.append(f"第{number}行：日期范围须从前到后且不超过{MAX_RANGE_DAYS}天")
            continue
        working, name = groups[6] in ("上班", "工作日"), (groups[7] or "").strip()[:60]
        for offset in range((last - first).days + 1):
            day = first + datetime.timedelta(days=offset)
            if day in entries and entries[day].is_working_day != working:
                errors.append(f"第{number}行：{day:%Y-%m-%d} 在前面的行中已录为{'上班' if not working else '放假'}")
                continue
            entries[day] = DayEntry(date=day, is_working_day=working, name=name, note=note)
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError("请至少填写一行日期")
    return sorted(entries.values(), key=lambda entry: entry.date)


class BulkDaysForm(forms.Form):
    lines = forms.CharField(label="日期清单", widget=forms.Textarea(attrs={"rows": 14, "cols": 70}), help_text=HELP)
    note = forms.CharField(label="依据", max_length=200, required=False,
                           help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）")
    complete_year = forms.IntegerField(
        label="同时标记年度已全部录入", required=False, min_value=MIN_YEAR, max_value=MAX_YEAR,
        help_text="填写年份（如 2027）表示该年放假和调休上班日期已全部录入，页面上的提醒随之消失；不填则只保存日期",
    )

    def clean(self):
        cleaned = super().clean()
        if "lines" in cleaned:
            try:
                cleaned["entries"] = parse_lines(cleaned["lines"], note=cleaned.get("note", ""))
            except ValidationError as error:
                self.add_error("lines", error)
        year = cleaned.get("complete_year")
        entries = cleaned.get("entries") or []
        if year and entries and all(entry.date.year != year for entry in entries):
            self.add_error("complete_year", f"清单中没有 {year} 年的日期，请核对年份")
        return cleaned
