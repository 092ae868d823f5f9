"""Forms of the workflow pages. They only parse input; tasks.services decides and writes."""

import datetime
import re

from django import forms

from .uploads import ALLOWED_LABEL

_MONTH = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{2})(?:$|[-T ])", re.ASCII)
MIN_YEAR, MAX_YEAR = 2000, 2100  # as the API's PeriodField


class MonthField(forms.Field):
    """A month as 'YYYY-MM' (what <input type=month> sends), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "class": "form-control"})
    default_error_messages = {"invalid": "请按“年-月”选择报送月份，如 2021-05。"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        # YYYY-MM, optionally followed by a day or a time (integrations send dates); the years the API
        # accepts. int() alone would take "1-1", "21-05" or full-width digits and store a report for year 1.
        match = _MONTH.match(str(value).strip())
        if not match or not MIN_YEAR <= int(match["year"]) <= MAX_YEAR or not 1 <= int(match["month"]) <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match["year"]), int(match["month"]), 1)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; type, size and content are checked by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _area(rows: int, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control", "placeholder": placeholder})


class ReportForm(forms.Form):
    period = MonthField(label="报送月份")
    content = forms.CharField(label="工作进展", widget=_area(6, "本月做了哪些工作、取得了什么成效"))
    problems = forms.CharField(label="存在问题", required=False, widget=_area(3, "没有可不填"))
    next_steps = forms.CharField(label="下一步计划", required=False, widget=_area(3))
    percent = forms.IntegerField(
        label="完成进度(%)", required=False, min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100, "step": 5}),
        error_messages={"min_value": "完成进度不能小于 0。", "max_value": "完成进度不能大于 100。",
                        "invalid": "完成进度须为整数。"},
    )
    attachments = MultipleFileField(
        label="佐证材料", required=False,
        help_text=f"可多选；仅限 {ALLOWED_LABEL}，每个不超过 10 MB。",
        widget=MultipleFileInput(attrs={"class": "form-control"}),
    )
    # The version the user loaded; the service refuses the save if someone saved since.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SignoffRequestForm(forms.Form):
    summary = forms.CharField(
        label="完成情况说明", widget=_area(6, "任务完成情况、取得的成效、佐证材料说明"),
        error_messages={"required": "请填写完成情况说明。"},
    )
    attachments = MultipleFileField(
        label="佐证材料", required=False,
        help_text=f"可多选；仅限 {ALLOWED_LABEL}，每个不超过 10 MB。",
        widget=MultipleFileInput(attrs={"class": "form-control"}),
    )


class ReviewForm(forms.Form):
    DECISIONS = (("sign_off", "同意销号"), ("return", "退回"))
    decision = forms.ChoiceField(choices=DECISIONS, error_messages={"invalid_choice": "请选择同意销号或退回。"})
    reason = forms.CharField(label="审核意见", required=False, widget=_area(2))


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新打开理由", widget=_area(2), error_messages={"required": "请填写重新打开理由。"})
