import django_filters

from documents.models import Document
from fangguanfu.api_common import IdFilter, SearchFilter


class DocumentFilterSet(django_filters.FilterSet):
    year = IdFilter(label="年度", field_name="year", max_value=9999)
    q = SearchFilter(label="搜索（文号、标题、发文单位）", columns=("doc_number", "title", "notice_title", "issuer"))

    class Meta:
        model = Document
        fields = []
