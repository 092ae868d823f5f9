"""The user's own inbox over the API."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.api.common import ApiViewMixin

from ..models import Notification
from ..selectors import notification_list
from .filters import NotificationFilterSet
from .serializers import NotificationSerializer


@extend_schema_view(
    list=extend_schema(summary="我的站内消息", tags=["站内消息"], description="当前用户自己的站内消息，新的在前。"),
    retrieve=extend_schema(summary="站内消息详情", tags=["站内消息"]),
)
class NotificationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Notification.objects.none()  # for the schema
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    # Marking one's own inbox as read changes no business data: leadership may do it too.
    leaders_may_write = True

    def get_queryset(self):
        return notification_list(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(summary="标为已读", tags=["站内消息"], request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="全部标为已读", tags=["站内消息"], request=None,
                   responses=inline_serializer("ReadAllResult", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        marked = self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        return Response({"marked": marked})
