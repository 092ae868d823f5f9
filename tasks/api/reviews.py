"""The office's review decisions (同意销号、退回、重新打开) over the API."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from agencies.api.common import ApiViewMixin
from tasks.models import Review

from .filters import ReviewFilterSet
from .selectors import review_list
from .serializers import ReviewSerializer


@extend_schema_view(
    list=extend_schema(summary="审核记录列表", tags=["审核"],
                       description="督查室对可见任务的审核决定（同意销号、退回、重新打开），新的在前。"),
    retrieve=extend_schema(summary="审核记录详情", tags=["审核"]),
)
class ReviewViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Review.objects.none()  # for the schema
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilterSet

    def get_queryset(self):
        return review_list(actor=self.actor).order_by("-decided_at", "-pk")
