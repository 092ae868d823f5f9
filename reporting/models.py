"""Progress reports (进展报送) and their attachments (佐证材料).

The tables keep the names they had when these models lived in tasks/ (db_table), so
moving the code into its own room moved no data.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from tasks.choices import ReportStatus

USER = settings.AUTH_USER_MODEL


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    # Never reuse the uploaded name on disk: it may hold path tricks or clash.
    return f"attachments/{instance.report.task_id}/{instance.report_id}/{instance.stored_name}"


class ProgressReport(models.Model):
    """One agency's progress on one task for one month (一月一报)."""

    task = models.ForeignKey("tasks.Task", verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("agencies.Agency", verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(USER, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+")
    period = models.DateField("报送月份", help_text="该月第一天")
    content = models.TextField("工作进展")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步计划", blank=True)
    percent = models.PositiveSmallIntegerField(
        "完成进度(%)", null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    head_comment = models.TextField("负责人退回意见", blank=True, default="", help_text="单位负责人退回报送时填写，联络员据此修改后重新提交")
    # 减负: "本月无新进展" in one click, recorded as exactly that (not as a copy of last month's text).
    no_progress = models.BooleanField("本月无新进展", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(table_name="tasks_historicalprogressreport")

    class Meta:
        db_table = "tasks_progressreport"
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-period", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "period"], name="report_unique_task_agency_period",
                violation_error_message="本单位该月已报送过该任务的进展，请修改原报送。",
            ),
            models.CheckConstraint(name="report_percent_0_100", condition=Q(percent__isnull=True) | Q(percent__lte=100)),
        ]
        indexes = [
            models.Index(fields=["agency", "period"], name="report_agency_period_idx"),
            # "Reported this month?" over all tasks (dashboard, yellow warnings) reads one month's rows.
            models.Index(fields=["period", "task"], name="report_period_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period:%Y-%m}"


class StoredAttachment(models.Model):
    """A checked upload (reporting.uploads) kept under a random name; the uploaded name is for display only."""

    stored_name = models.CharField("存储名", max_length=80)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def save_checked(cls, checked, user, **owner) -> None:
        """Save each CheckedUpload under its random name (upload_to builds the path; the uploaded name never
        reaches the disk)."""
        for item in checked:
            attachment = cls(stored_name=item.stored_name(), original_name=item.original_name,
                             content_type=item.content_type, size=item.size, uploaded_by=user, **owner)
            attachment.file.save(attachment.stored_name, item.upload, save=False)
            attachment.save()


class ReportAttachment(StoredAttachment):
    report = models.ForeignKey(ProgressReport, verbose_name="进展报送", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)

    class Meta:
        db_table = "tasks_reportattachment"
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]


def signoff_attachment_path(instance: "SignoffAttachment", filename: str) -> str:
    return f"signoff/{instance.request.task_id}/{instance.request_id}/{instance.stored_name}"


class SignoffAttachment(StoredAttachment):
    """Evidence (佐证材料) the lead agency attaches to its sign-off request; checked like a report's attachments."""

    request = models.ForeignKey("tasks.SignoffRequest", verbose_name="销号申请", on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField("文件", upload_to=signoff_attachment_path, max_length=300)

    class Meta:
        verbose_name = "销号佐证材料"
        verbose_name_plural = "销号佐证材料"
        ordering = ["uploaded_at", "id"]
