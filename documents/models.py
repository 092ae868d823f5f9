from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Document(models.Model):
    """A notice (通知) as issued, carrying one or more plans."""

    doc_number = models.CharField("文号", max_length=80, blank=True, help_text="如 湘政办函〔2021〕29号；未印文号可留空")
    notice_title = models.CharField("通知标题", max_length=300, blank=True)
    title = models.CharField("文件标题", max_length=300)
    issuer = models.CharField("发文单位", max_length=120, blank=True)
    issue_date = models.DateField("成文日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    original_text = models.TextField("原文", blank=True)
    source_filename = models.CharField("来源文件名", max_length=255, blank=True)
    is_truncated = models.BooleanField("原文不完整", default=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["original_text"])

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-issue_date", "-imported_at"]
        constraints = [
            # 文号 is the office's key for a notice, but some plans print none.
            models.UniqueConstraint(
                fields=["doc_number"], condition=~Q(doc_number=""), name="document_doc_number_unique_when_present",
                violation_error_message="该文号的文件已存在。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}".strip()


class ImportRecord(models.Model):
    """What the parser made of a document's file and what the office changed by hand before saving.

    A table of its own, not columns of Document: every task list joins its document
    (select_related), and a 300-task plan's parser output is hundreds of kilobytes of JSON
    that no list should read and decode once per row.
    """

    document = models.OneToOneField(Document, verbose_name="文件", on_delete=models.CASCADE,
                                    related_name="import_record")
    parser_output = models.JSONField("解析结果", default=dict, blank=True)
    corrections = models.JSONField("人工修改", default=list, blank=True)
    saved_at = models.DateTimeField("保存时间", auto_now=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.document} · 人工修改 {len(self.corrections)} 处"


class Plan(models.Model):
    """One plan (方案/要点) inside a notice; a notice may carry several."""

    document = models.ForeignKey(Document, verbose_name="文件", on_delete=models.CASCADE, related_name="plans")
    title = models.CharField("方案标题", max_length=300)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    is_truncated = models.BooleanField("正文不完整", default=False)

    class Meta:
        verbose_name = "方案"
        verbose_name_plural = "方案"
        ordering = ["document_id", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="plan_order_unique_per_document")]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """A numbered part of a plan (一、二、…)."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("编号", max_length=10)
    title = models.CharField("标题", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "部分"
        verbose_name_plural = "部分"
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="section_order_unique_per_plan")]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}"
