"""Input shape of a report over the API. It checks form only; reporting.services decides what is allowed."""

from rest_framework import serializers

from tasks.api.validators import PeriodField


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
