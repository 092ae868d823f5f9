"""Forms of the second-tier actions on the task page (签收/拒收, 延期, 分解, 催办). They parse input only;
the services in tasks/ decide what is allowed and write."""

from django import forms

from agencies.models import Agency


def _area(rows: int = 2, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control form-control-sm", "placeholder": placeholder})


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")


DATE_ERRORS = {"required": "请选择日期。", "invalid": "日期格式应为 年-月-日，如 2021-12-31。"}


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def active_agencies():
    return Agency.objects.filter(is_active=True).exclude(kind="collective").order_by("name")


class DeclineForm(forms.Form):
    reason = forms.CharField(label="拒收理由", max_length=20000, widget=_area(2, "为什么不属于本单位职责"),
                             error_messages={"required": "拒收时请填写理由（为什么不属于本单位职责）。"})


class ReassignForm(forms.Form):
    agency = AgencyChoiceField(label="改派至", queryset=active_agencies(),
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                               error_messages={"required": "请选择改派到的单位。", "invalid_choice": "请选择改派到的单位。"})
    note = forms.CharField(label="说明", required=False, max_length=20000, widget=_area(1))


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=20000, widget=_area(2),
                           error_messages={"required": "坚持交办时请填写说明。"})


class ExtensionForm(forms.Form):
    requested_deadline = forms.DateField(label="申请延期至", widget=_date(), error_messages=DATE_ERRORS)
    reason = forms.CharField(label="延期理由", max_length=20000, widget=_area(2),
                             error_messages={"required": "请填写延期理由。"})


class ExtensionDecisionForm(forms.Form):
    DECISIONS = (("approve", "同意延期"), ("reject", "不同意"))
    decision = forms.ChoiceField(choices=DECISIONS, error_messages={"invalid_choice": "请选择同意或不同意。",
                                                                   "required": "请选择同意或不同意。"})
    reason = forms.CharField(label="审批意见", required=False, max_length=20000, widget=_area(1))


class SubtaskForm(forms.Form):
    text = forms.CharField(label="分解任务内容", max_length=2000, widget=_area(2, "里程碑或分项任务的内容"),
                           error_messages={"required": "请填写分解任务的内容。"})
    deadline = forms.DateField(label="完成时限", widget=_date(), error_messages=DATE_ERRORS)
    agency = AgencyChoiceField(label="承办单位", required=False, queryset=active_agencies(),
                               empty_label="本单位（里程碑）",
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                               error_messages={"invalid_choice": "承办单位不存在或已停用。"})


class UrgeForm(forms.Form):
    message = forms.CharField(label="催办内容", max_length=2000, widget=_area(2, "如：请于本周五前报送进展"),
                              error_messages={"required": "请填写催办内容。"})
    agency = forms.IntegerField(required=False, min_value=1, widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                                error_messages={"invalid": "请选择被催办的单位。"})
