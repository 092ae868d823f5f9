import django_filters
from django.db.models import Q

from documents.models import Document
from fangguanfu.api_common import IdFilter


class DocumentFilterSet(django_filters.FilterSet):
    year = IdFilter(label="年度", field_name="year", max_value=9999)
    q = django_filters.CharFilter(label="搜索（文号、标题、发文单位）", method="filter_text")

    class Meta:
        model = Document
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(doc_number__icontains=value) | Q(title__icontains=value) | Q(notice_title__icontains=value)
            | Q(issuer__icontains=value)
        )
