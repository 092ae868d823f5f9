from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    """`page_size` may be chosen by the client, but never above 200 rows."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 200
