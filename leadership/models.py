"""What the office records for the monthly 调度 pack: the meetings, the 考核 scoring scheme and the 通报 template.

Scores themselves are never stored: they are recomputed from the timeline (leadership/scores.py).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class DispatchMeeting(models.Model):
    """A monthly dispatch meeting (调度会); the changes page starts from the last one by default."""

    date = models.DateField("会议日期", unique=True)
    title = models.CharField("会议名称", max_length=200, default="月度调度会")
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "调度会"
        verbose_name_plural = "调度会"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y年%m月%d日} {self.title}"


def _points(label: str, default: int, help_text: str = "") -> models.SmallIntegerField:
    return models.SmallIntegerField(label, default=default, help_text=help_text,
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])


class ScoringScheme(models.Model):
    """The office's 考核 points (one row). Deductions are entered as positive numbers and subtracted."""

    on_time_completion = _points("按时完成（每项）", 10, "牵头任务在完成时限内销号")
    on_time_report = _points("按时报送（每份）", 2, "当月进展在报送截止日前报送")
    report_due_day = models.PositiveSmallIntegerField(
        "每月报送截止日", default=20, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    timely_ack = _points("及时签收（每项）", 1, "交办后在签收时限内签收")
    ack_days = models.PositiveSmallIntegerField("签收时限（天）", default=3, validators=[MaxValueValidator(60)])
    urge_deduction = _points("被催办扣分（每次）", 1)
    returned_report_deduction = _points("进展被退回扣分（每次）", 2)
    returned_signoff_deduction = _points("销号被退回扣分（每次）", 2)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考核计分规则"
        verbose_name_plural = "考核计分规则"
        constraints = [models.CheckConstraint(name="scoring_scheme_singleton", condition=Q(id=1))]

    def __str__(self) -> str:
        return "考核计分规则"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ScoringScheme":
        """The office's scheme, or the defaults; never writes (a read must not create rows)."""
        return cls.objects.filter(pk=1).first() or cls()


class BriefingTemplate(models.Model):
    """A 通报 template uploaded by the office; the newest active one replaces the built-in template."""

    file = models.FileField("模板文件（.docx）", upload_to="briefing_templates/")
    name = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报模板"
        verbose_name_plural = "通报模板"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name or self.file.name


# The dashboard's kept-current counts (issue 19) live in their own module.
from .rollup_models import (  # noqa: E402, F401
    AgencyRollup,
    AgencyRollupState,
    LeadRollup,
    SectionRollup,
    TaskRollup,
    TaskRollupState,
    YearRollup,
)
