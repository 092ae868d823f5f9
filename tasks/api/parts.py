"""/api/assignments/{id}/… (签收, 拒收, 改派, 坚持交办, 本单位完成, 分解到成员单位) and
/api/extension-requests/ (list, approve, reject). Scoped like the tasks; tasks.assignments and
tasks.extensions decide what is allowed."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.common import ApiViewMixin
from tasks import assignments as parts
from tasks.extensions import extension_approve, extension_reject
from tasks.models import Assignment, ExtensionRequest
from tasks.selectors import actor_agency_ids

from .filters import AssignmentFilterSet, ExtensionRequestFilterSet
from .part_serializers import ExtensionRequestSerializer
from .selectors import visible_through_task
from .serializers import AssignmentSerializer
from .validators import (
    DeclineInput,
    NoteInput,
    OptionalNoteInput,
    OptionalReasonInput,
    ReassignInput,
    RequiredReasonInput,
    validated,
)


def _schema(summary: str, description: str, request=None, responses=AssignmentSerializer):
    return extend_schema(summary=summary, description=description, request=request, responses=responses,
                         tags=["签收"])


@extend_schema_view(
    list=extend_schema(summary="任务分工列表", tags=["签收"],
                       description="可见任务的责任单位分工及签收状态；`state` 筛选：pending、acknowledged、declined、done。"),
    retrieve=extend_schema(summary="任务分工详情", tags=["签收"]),
)
class AssignmentViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Assignment.objects.none()  # for the schema
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet

    def get_queryset(self):
        qs = visible_through_task(Assignment.objects.all(), actor_agency_ids(self.actor)).select_related("agency")
        return qs.order_by("task_id", "-role", "pk")

    def _act(self, service, input_class=None):
        assignment = self.get_object()  # 404 for a part of a task the user cannot see
        data = validated(input_class, self.request.data) if input_class else {}
        result = service(user=self.request.user, assignment=assignment, **data)
        fresh = Assignment.objects.select_related("agency").get(pk=result.pk)
        return Response(AssignmentSerializer(fresh).data)

    @_schema("签收", "本单位签收该分工（待签收 → 已签收）。只有该分工的单位可以签收。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def acknowledge(self, request, pk=None):
        return self._act(parts.assignment_acknowledge)

    @_schema("拒收", "本单位拒收该分工并说明理由（待签收 → 已拒收），分工进入督查室的拒收待办。", DeclineInput)
    @action(detail=True, methods=["post"], filter_backends=[])
    def decline(self, request, pk=None):
        return self._act(parts.assignment_decline, DeclineInput)

    @_schema("本单位完成", "本单位完成了自己承担的部分（已签收 → 本单位已完成）。", OptionalNoteInput)
    @action(detail=True, methods=["post"], filter_backends=[])
    def done(self, request, pk=None):
        return self._act(parts.assignment_mark_done, OptionalNoteInput)

    @_schema("改派", "督查室把被拒收的分工改派给另一单位（仅督查室），新单位须重新签收。", ReassignInput)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reassign(self, request, pk=None):
        return self._act(parts.assignment_reassign, ReassignInput)

    @_schema("坚持交办", "督查室坚持由原单位承办被拒收的分工，须填写说明（仅督查室）；分工视为已签收。", NoteInput)
    @action(detail=True, methods=["post"], filter_backends=[])
    def insist(self, request, pk=None):
        return self._act(parts.assignment_insist, NoteInput)

    @_schema("分解到成员单位", "督查室把集合名称（如各市州人民政府）的分工分解为每个成员单位各一条，保留原文名称。",
             responses=AssignmentSerializer(many=True))
    @action(detail=True, methods=["post"], filter_backends=[])
    def expand(self, request, pk=None):
        assignment = self.get_object()
        created = parts.assignment_expand(user=request.user, assignment=assignment)
        rows = Assignment.objects.filter(pk__in=[a.pk for a in created]).select_related("agency").order_by("pk")
        return Response(AssignmentSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="延期申请列表", tags=["延期申请"],
                       description="可见任务的延期申请，新的在前；`status` 筛选：open、approved、rejected。"),
    retrieve=extend_schema(summary="延期申请详情", tags=["延期申请"]),
)
class ExtensionRequestViewSet(ApiViewMixin, viewsets.GenericViewSet, mixins.ListModelMixin,
                              mixins.RetrieveModelMixin):
    queryset = ExtensionRequest.objects.none()  # for the schema
    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilterSet
    leaders_may_write = True  # where the office set it, leaders decide; tasks.extensions checks who may

    def get_queryset(self):
        qs = visible_through_task(ExtensionRequest.objects.all(), actor_agency_ids(self.actor))
        return qs.select_related("agency", "requested_by", "decided_by").order_by("-requested_at", "-pk")

    def _decide(self, service, input_class):
        request_row = self.get_object()
        service(user=self.request.user, extension=request_row, **validated(input_class, self.request.data))
        return Response(ExtensionRequestSerializer(self.get_queryset().get(pk=request_row.pk)).data)

    @extend_schema(summary="同意延期", tags=["延期申请"], request=OptionalReasonInput,
                   responses=ExtensionRequestSerializer,
                   description="督查室（或设置为领导审批时的领导）同意延期：任务的当前时限改为申请的时限，原定时限保留。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        return self._decide(extension_approve, OptionalReasonInput)

    @extend_schema(summary="不同意延期", tags=["延期申请"], request=RequiredReasonInput,
                   responses=ExtensionRequestSerializer, description="不同意延期，须填写理由；时限不变。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        return self._decide(extension_reject, RequiredReasonInput)
