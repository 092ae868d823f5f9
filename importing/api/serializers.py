"""Output shapes of documents (with plans and sections) and of an import preview."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document, Plan, Section


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "number", "title", "order"]


class PlanSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "title", "order", "year", "is_truncated", "sections"]


class DocumentSerializer(serializers.ModelSerializer):
    task_count = serializers.IntegerField(read_only=True, help_text="可见任务数（单位账号只计本单位承担的任务）")
    plans = PlanSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "doc_number", "notice_title", "title", "issuer", "issue_date", "year", "source_filename",
            "is_truncated", "imported_at", "updated_at", "task_count", "plans",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "original_text"]


class AgencyChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NameRefSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="原文中的单位名称")
    agency = AgencyChoiceSerializer(allow_null=True, help_text="匹配到的单位；null 表示未匹配")
    is_global = serializers.BooleanField(help_text="来自全文通用责任条款")


class PreviewTaskSerializer(serializers.Serializer):
    plan_title = serializers.CharField()
    label = serializers.CharField(help_text="部分·编号，如 一·3")
    number = serializers.CharField(source="task.number")
    section = serializers.CharField(source="task.section", allow_null=True)
    text = serializers.CharField(source="task.text")
    deadline = serializers.DateField(source="task.effective_deadline", allow_null=True, help_text="将保存的完成时限")
    deadline_text = serializers.CharField(source="task.deadline_text", allow_null=True)
    deadline_inferred = serializers.BooleanField(source="task.deadline_inferred")
    truncated = serializers.BooleanField(source="task.truncated")
    lead = NameRefSerializer(many=True)
    co = NameRefSerializer(many=True)
    doubts = serializers.ListField(child=serializers.CharField(), help_text="系统没有把握之处，如 未找到责任单位条款")
    source = serializers.ListField(source="sources", child=serializers.IntegerField(),
                                   help_text="来自解析结果的第几项任务（从 1 起），确认导入时原样回传 tasks[].source")


class ReadingSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="识别方式编号，如 auto、level:arabic、table:1")
    label = serializers.CharField(help_text="如 按附件表格识别")
    task_count = serializers.IntegerField()
    chosen = serializers.BooleanField(help_text="本次预览所用的识别方式")


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="agency.pk")
    name = serializers.CharField(source="agency.name")
    score = serializers.IntegerField(help_text="相似度 0–100")


class UnresolvedNameSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="未能匹配的单位名称")
    tasks = serializers.ListField(child=serializers.CharField(), help_text="出现该名称的任务")
    candidates = AgencyChoiceSerializer(many=True, help_text="同名候选单位（有歧义时）")
    suggestions = SuggestionSerializer(many=True, help_text="名称相近的单位，最相近的在前（仅供选择，不会自动对应）")


class ExistingDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doc_number = serializers.CharField()
    title = serializers.CharField()
    imported_at = serializers.DateTimeField()


class PreviewSerializer(serializers.Serializer):
    doc_number = serializers.CharField(source="parsed.doc_number", allow_null=True)
    notice_title = serializers.CharField(source="parsed.notice_title", allow_null=True)
    title = serializers.CharField(source="parsed.title", allow_null=True)
    issuer = serializers.CharField(source="parsed.issuer", allow_null=True)
    issue_date = serializers.DateField(source="parsed.issue_date", allow_null=True)
    year = serializers.IntegerField(source="parsed.year", allow_null=True)
    truncated = serializers.BooleanField(source="parsed.truncated")
    plan_count = serializers.SerializerMethodField()
    task_count = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    existing = ExistingDocumentSerializer(allow_null=True, help_text="同文号的已导入文件；确认导入时须 replace=true")
    unresolved = serializers.SerializerMethodField()
    readings = ReadingSerializer(source="parsed.readings", many=True,
                                 help_text="可选的识别方式及各自的任务数；chosen 为本次预览所用")
    reading = serializers.CharField(allow_null=True, help_text="本次预览所用的识别方式")
    parser_choice = serializers.CharField(allow_null=True, help_text="系统自动选择的识别方式")
    no_units = serializers.BooleanField(help_text="所选识别方式的任务均未标明责任单位（很可能选错了识别方式）")
    tasks = PreviewTaskSerializer(source="rows", many=True)

    def get_plan_count(self, preview) -> int:
        return len(preview.parsed.plans)

    @staticmethod
    def _ref(agency):
        return {"id": agency.pk, "name": agency.name}

    @extend_schema_field(UnresolvedNameSerializer(many=True))
    def get_unresolved(self, preview) -> list[dict]:
        return UnresolvedNameSerializer(
            [
                {"name": name, "tasks": labels, "candidates": [self._ref(a) for a in preview.ambiguous.get(name, [])],
                 "suggestions": preview.suggestions.get(name, [])}
                for name, labels in preview.unresolved.items()
            ],
            many=True,
        ).data
