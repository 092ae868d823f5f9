"""Documents API: lists scoped like the document pages, and import over the API (office only).

Import is stateless: `preview` parses what was sent and answers JSON; `confirm`
receives the same file or text again, with the name mapping, and saves it.
Both use the upload page's form (same file types and size limit) and the same
services, so the API can never import what the page would refuse.
"""

from collections.abc import Mapping

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.common import ApiViewMixin, HasRole, IsOffice
from documents.models import Document
from documents.parsing import ParseError
from importing.drafts import DraftError
from importing.forms import UploadForm
from importing.services import DocumentImportError, document_preview, preview_import

from .corrections import CorrectedTasksField, JsonInFormsField, tasks_to_drafts
from .filters import DocumentFilterSet
from .selectors import document_list
from .serializers import DocumentDetailSerializer, DocumentSerializer, PreviewSerializer

TAGS = ["文件"]
IMPORT_TAGS = ["文件导入"]


@extend_schema_view(
    list=extend_schema(summary="政策文件列表", tags=TAGS,
                       description="文件及其方案、部分。单位账号只看到含本单位任务的文件；`task_count` 为可见任务数。"),
    retrieve=extend_schema(summary="政策文件详情", tags=TAGS, description="含原文 `original_text`。"),
)
class DocumentViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Document.objects.none()  # for the schema
    filterset_class = DocumentFilterSet

    def get_queryset(self):
        qs = document_list(actor=self.actor).order_by("-issue_date", "-imported_at", "-pk")
        if self.action == "retrieve":
            qs = qs.defer(None)  # the detail carries the original text
        return qs

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer", "nullable": True}})
class MappingField(JsonInFormsField):
    """{原文名称: 单位 id，或 null 表示新建}; in multipart forms the same object as a JSON string."""

    # DRF formats these messages with str.format: braces are doubled.
    default_error_messages = {"invalid": "mapping 须为对象：{{\"原文名称\": 单位编号 或 null}}。"}

    def to_internal_value(self, data):
        data = self.decoded(data)
        if not isinstance(data, dict):
            self.fail("invalid")
        result = {}
        for name, agency_id in data.items():
            if agency_id is not None and (
                isinstance(agency_id, bool) or not isinstance(agency_id, int) or not 0 < agency_id < 2**63
            ):
                self.fail("invalid")
            result[str(name)] = agency_id
        return result


class ImportUploadInput(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        help_text="方案文件：.txt（UTF-8、GBK、UTF-16）、.docx、带文字层的 .pdf、.html 或 .xlsx，不超过 5 MB",
    )
    text = serializers.CharField(required=False, allow_blank=True, help_text="或直接提交方案全文（与 file 二选一）")
    reading = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                    help_text="识别方式（预览中 readings 的 id，如 table:1）；缺省为系统选择的方式")
    tasks = CorrectedTasksField(required=False, help_text="更正后的任务列表，给出时代替解析出的任务")


class ImportConfirmInput(ImportUploadInput):
    mapping = MappingField(
        required=False, default=dict,
        help_text="未匹配单位名称的对应关系：{\"原文名称\": 单位编号}，值为 null 表示新建该单位",
    )
    replace = serializers.BooleanField(required=False, default=False, help_text="替换同文号的已导入文件")
    create_missing = serializers.BooleanField(required=False, default=False,
                                              help_text="未在 mapping 中给出的未匹配名称一律新建单位")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class ImportView(ApiViewMixin, APIView):
    permission_classes = [HasRole, IsOffice]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def initial(self, request, *args, **kwargs):
        """After authentication and permissions, before the body is parsed: DRF's JSON parser
        reads the whole body into memory, so a body over the limit is refused by its declared
        length and never read. Multipart files are streamed to disk and sized by the form."""
        super().initial(request, *args, **kwargs)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            raise RequestTooLarge(f"请求内容超过 {limit // (1024 * 1024)} MB 上限，未读取：方案文件不能超过 5 MB。")

    def upload(self):
        """(bytes, filename) through the upload page's own form, or a 400 with its messages."""
        if not isinstance(self.request.data, Mapping):
            raise serializers.ValidationError({"non_field_errors": ["请求体须为 JSON 对象或表单。"]})
        form = UploadForm(self.request.data, self.request.FILES)
        if not form.is_valid():
            errors = {key if key != "__all__" else "non_field_errors": value for key, value in form.errors.items()}
            raise serializers.ValidationError(errors)
        return form.cleaned_data["data"], form.cleaned_data["filename"]

    def preview(self, data: bytes, filename: str, options: dict):
        """The preview in the reading asked for, with the corrected tasks if given; 400s in Chinese."""
        reading = options.get("reading") or None
        drafts, self.id_mapping = tasks_to_drafts(options["tasks"]) if options.get("tasks") else (None, {})
        try:
            return document_preview(data=data, filename=filename, reading=reading, drafts=drafts)
        except ParseError as exc:
            if reading and "识别方式" in str(exc):
                raise serializers.ValidationError({"reading": [f"{exc}：{reading}"]}) from exc
            raise serializers.ValidationError({"non_field_errors": [f"无法识别该文件：{exc}"]}) from exc
        except DraftError as exc:
            raise serializers.ValidationError({"tasks": exc.problems}) from exc


class ImportPreviewView(ImportView):
    @extend_schema(
        summary="导入预览", tags=IMPORT_TAGS,
        description="解析上传的方案文件或全文，返回识别出的文件信息、任务、责任单位匹配情况（未匹配名称附相似单位建议）、"
                    "每项任务的存疑之处和提示，以及可选的识别方式 `readings`；`reading` 换一种识别方式预览，"
                    "`tasks` 预览更正后的任务。不保存任何内容。仅督查室。",
        request={"multipart/form-data": ImportUploadInput, "application/json": ImportUploadInput},
        responses=PreviewSerializer,
    )
    def post(self, request):
        options = ImportUploadInput(data=request.data)
        options.is_valid(raise_exception=True)
        data, filename = self.upload()
        return Response(PreviewSerializer(self.preview(data, filename, options.validated_data)).data)


class ImportConfirmView(ImportView):
    @extend_schema(
        summary="确认导入", tags=IMPORT_TAGS,
        description="再次提交同一文件（或全文）及单位对应关系，解析后在一个事务中保存文件、方案、部分、任务和分工；"
                    "`reading` 选择识别方式，`tasks` 给出更正后的任务（代替解析出的任务，单位可写单位编号或原文名称）。"
                    "文件保留解析结果和人工修改；对应到已有单位的名称记为该单位的别名，下次导入自动匹配。"
                    "有未匹配的单位名称且未给出对应关系时不保存任何内容（400，`errors.unresolved` 列出名称）；"
                    "单位编号不存在、日期格式错误、任务内容为空等同样 400，不保存任何内容。仅督查室。",
        request={"multipart/form-data": ImportConfirmInput, "application/json": ImportConfirmInput},
        responses={201: DocumentSerializer},
    )
    def post(self, request):
        options = ImportConfirmInput(data=request.data)
        options.is_valid(raise_exception=True)
        data, filename = self.upload()
        preview = self.preview(data, filename, options.validated_data)
        try:
            document = preview_import(
                preview, user=request.user, mapping={**options.validated_data["mapping"], **self.id_mapping},
                create_missing=options.validated_data["create_missing"], replace=options.validated_data["replace"],
                source_filename=filename,
            )
        except DocumentImportError as exc:
            raise serializers.ValidationError({"non_field_errors": [exc.message], "unresolved": exc.unresolved}) from exc
        body = DocumentSerializer(document_list(actor=self.actor).get(pk=document.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)
