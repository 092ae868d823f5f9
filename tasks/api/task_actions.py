"""The task's second-tier actions over the API: 延期申请, 任务分解, 催办 (mixed into TaskViewSet)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from tasks.extensions import extension_request
from tasks.models import ExtensionRequest, Urge
from tasks.subtasks import subtask_create
from tasks.urging import task_urge

from .part_serializers import ExtensionRequestSerializer, UrgeSerializer
from .serializers import TaskSerializer
from .validators import ExtensionRequestInput, SubtaskInput, UrgeInput, validated


class TaskSecondTierActions:
    """Needs the view's `_visible_task`, `_task_response` and `actor` (TaskViewSet)."""

    @extend_schema(methods=["GET"], summary="任务的延期申请", tags=["延期申请"],
                   description="该任务的全部延期申请（含已审批的），新的在前。",
                   responses=ExtensionRequestSerializer(many=True))
    @extend_schema(methods=["POST"], summary="申请延期", tags=["延期申请"], request=ExtensionRequestInput,
                   responses={201: ExtensionRequestSerializer},
                   description="该任务的责任单位申请延期，须填写新时限（晚于当前时限）和理由；"
                               "每项任务同时只能有一份待审批的申请（409）。督查室（或设置为领导审批时的领导）审批。")
    @action(detail=True, methods=["get", "post"], url_path="extension-requests", filter_backends=[],
            serializer_class=ExtensionRequestSerializer)
    def extension_requests(self, request, pk=None):
        task = self._visible_task()
        if request.method == "GET":
            rows = ExtensionRequest.objects.filter(task=task).select_related("agency", "requested_by", "decided_by")
            page = self.paginate_queryset(rows.order_by("-requested_at", "-pk"))
            return self.get_paginated_response(ExtensionRequestSerializer(page, many=True).data)
        created = extension_request(user=request.user, task=task, **validated(ExtensionRequestInput, request.data))
        body = ExtensionRequestSerializer(ExtensionRequest.objects.select_related("agency", "requested_by")
                                          .get(pk=created.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="任务分解", tags=["任务分解"], request=SubtaskInput, responses={201: TaskSerializer},
                   description="牵头单位负责人把任务分解为里程碑或分项任务，交给内设处室或下级政府（`agency`），"
                               "时限不晚于本任务的时限。返回新建的分解任务；上级任务的 `subtasks` 列出全部分解任务。")
    @action(detail=True, methods=["post"], url_path="subtasks", filter_backends=[])
    def subtasks(self, request, pk=None):
        task = self._visible_task()
        sub = subtask_create(user=request.user, task=task, **validated(SubtaskInput, request.data))
        return self._task_response(sub, status=status.HTTP_201_CREATED)

    @extend_schema(summary="催办", tags=["催办"], request=UrgeInput, responses={201: UrgeSerializer(many=True)},
                   description="督查室催办该任务的责任单位（或只催办 `agency`）；牵头单位可以催办本单位分解出的任务。"
                               "催办经站内消息、邮件和 Webhook 各送达一次，记入任务动态，并按单位计数。")
    @action(detail=True, methods=["post"], url_path="urge", filter_backends=[])
    def urge(self, request, pk=None):
        task = self._visible_task()
        urges = task_urge(user=request.user, task=task, **validated(UrgeInput, request.data))
        rows = Urge.objects.filter(pk__in=[u.pk for u in urges]).select_related("agency", "urged_by").order_by("pk")
        return Response(UrgeSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)
