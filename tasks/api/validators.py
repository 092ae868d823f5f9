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


class ReportInput(serializers.Serializer):
    period = PeriodField(help_text="报送月份，格式 YYYY-MM；不能是未来月份")
    content = serializers.CharField(help_text="工作进展（必填）", max_length=20000)
    problems = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                     help_text="存在问题")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                       help_text="下一步计划")
    percent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100,
                                       help_text="完成进度（0–100，可不填）")
    expected_version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1,
        help_text="修改本单位该月已有的报送时必填：读取时的版本号（version），用于防止覆盖他人的修改",
    )
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=10,
        help_text="佐证材料（multipart 上传，可多个）：PDF、Word、Excel、JPG、PNG、ZIP，每个不超过 10 MB",
    )


class SignoffRequestInput(serializers.Serializer):
    summary = serializers.CharField(help_text="完成情况说明（必填）", max_length=20000)


class OptionalReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                   help_text="审核意见（可不填）")


class RequiredReasonInput(serializers.Serializer):
    reason = serializers.CharField(help_text="理由（必填）", max_length=20000)
