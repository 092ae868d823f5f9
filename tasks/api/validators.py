"""Input shapes of the task API's writes. They check form only; the services decide what is allowed."""

import datetime
import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangguanfu.api_common import MONTH_PATTERN


def validated(input_class, data) -> dict:
    """The input's validated data, or a 400 with its field errors."""
    form = input_class(data=data)
    form.is_valid(raise_exception=True)
    return form.validated_data


_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2021-05"})
class PeriodField(serializers.CharField):
    """A month written YYYY-MM, delivered as the first day of that month."""

    default_error_messages = {"invalid_period": "月份格式应为 YYYY-MM，如 2021-05。"}

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        match = _PERIOD.match(text)
        if not match:
            self.fail("invalid_period")
        year, month = int(match.group(1)), int(match.group(2))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            self.fail("invalid_period")
        return datetime.date(year, month, 1)

    def to_representation(self, value):
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


class SignoffRequestInput(serializers.Serializer):
    summary = serializers.CharField(help_text="完成情况说明（必填）", max_length=20000)


class OptionalReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                   help_text="审核意见（可不填）")


class RequiredReasonInput(serializers.Serializer):
    reason = serializers.CharField(help_text="理由（必填）", max_length=20000)


class DeclineInput(serializers.Serializer):
    reason = serializers.CharField(help_text="拒收理由（必填）：为什么不属于本单位职责", max_length=20000)


class ReassignInput(serializers.Serializer):
    agency = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="改派到的单位编号（id）")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000, help_text="说明")


class NoteInput(serializers.Serializer):
    note = serializers.CharField(help_text="说明（必填）", max_length=20000)


class OptionalNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000, help_text="说明")


class ExtensionRequestInput(serializers.Serializer):
    requested_deadline = serializers.DateField(help_text="申请延期至（YYYY-MM-DD），须晚于当前时限",
                                               error_messages={"invalid": "日期格式应为 YYYY-MM-DD，如 2021-12-31。"})
    reason = serializers.CharField(help_text="延期理由（必填）", max_length=20000)


class SubtaskInput(serializers.Serializer):
    text = serializers.CharField(help_text="分解任务的内容（必填）", max_length=2000)
    deadline = serializers.DateField(help_text="完成时限（YYYY-MM-DD），不晚于本任务的时限",
                                     error_messages={"invalid": "日期格式应为 YYYY-MM-DD，如 2021-12-31。"})
    agency = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1,
                                      help_text="承办单位编号（id）：内设处室或下级政府；不填为本单位的里程碑")


class UrgeInput(serializers.Serializer):
    message = serializers.CharField(help_text="催办内容（必填）", max_length=2000)
    agency = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1,
                                      help_text="只催办该单位（id）；不填则催办该任务的全部责任单位")
