"""Input shapes of the task API's writes. They check form only; the services decide what is allowed."""

import datetime
import re

from rest_framework import serializers

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


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
