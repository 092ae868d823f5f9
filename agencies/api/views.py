"""Agencies with their aliases. Every role may read them: liaisons need the names to filter and report."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from agencies.api.common import ApiViewMixin
from agencies.choices import AgencyKind
from agencies.models import Agency
from fangguanfu.api_common import SearchFilter, StrictBooleanFilter

from .serializers import AgencySerializer


class AgencyFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=AgencyKind.choices)
    is_active = StrictBooleanFilter(label="启用")
    q = SearchFilter(label="搜索（全称、简称、别名）", columns=("name", "short_name", "aliases__name"), distinct=True)

    class Meta:
        model = Agency
        fields = []


@extend_schema_view(
    list=extend_schema(summary="责任单位列表", tags=["责任单位"], description="责任单位及其别名；集合名称列出成员单位。"),
    retrieve=extend_schema(summary="责任单位详情", tags=["责任单位"]),
)
class AgencyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.none()  # for the schema
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def get_queryset(self):
        return (
            Agency.objects.defer("contact_emails", "webhook_url")
            .prefetch_related("aliases", Prefetch("members", queryset=Agency.objects.only("pk")))
            .order_by("kind", "name", "pk")
        )
