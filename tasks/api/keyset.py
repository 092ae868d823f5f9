"""Keyset ("cursor") pages for the task list, beside the page numbers clients already use.

`?page=N` needs OFFSET (N-1)×size: PostgreSQL reads and throws away every
earlier row, and counts every match, so page 5,000 of a million tasks costs a
scan. With `?cursor=` (empty: from the start) the page instead begins after
the last row of the previous one, (document DESC, plan, order, id) — the
list's default order, which task_list_order_idx walks — so every page costs
the same, however deep. A cursor page carries no total (`count` is null): the
total is the other scan a deep page would pay for.

Every page-number page also gives `next_cursor`, so a client can switch to
cursors at any page. Cursors follow the default order only: a cursor with
`ordering` or `page`, or one that is not ours, names no page (404, as DRF's
CursorPagination answers); an empty cursor beside them is "not given".
"""

import base64
import binascii

from django.db.models import Q
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from fangguanfu.api_common import ApiPagination, parse_positive_int

CURSOR_PARAM = "cursor"
KEY_FIELDS = ("document_id", "plan_id", "order", "id")  # the list's default order (Task.Meta.ordering, then id)
BAD_CURSOR = "游标无效（已损坏或不是本接口给出的），请去掉 cursor 从第一页重新开始。"
CURSOR_WITH_ORDERING = "游标分页只按默认顺序；指定 ordering 时请用 page 页码分页。"


def encode_cursor(row: dict) -> str:
    text = ".".join(str(row[name]) for name in KEY_FIELDS)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(raw: str) -> tuple[int, int, int, int]:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise exceptions.NotFound(BAD_CURSOR) from None
    parts = text.split(".")
    if len(parts) != len(KEY_FIELDS) or not all(p.isdigit() and len(p) <= 18 for p in parts):
        raise exceptions.NotFound(BAD_CURSOR)
    document_id, plan_id, order, task_id = (int(p) for p in parts)
    return document_id, plan_id, order, task_id


def after(key: tuple[int, int, int, int]) -> Q:
    """Rows after `key` in (document DESC, plan, order, id).

    The redundant `document_id <= D` lets the index scan start at the cursor's
    document; the rest only sorts out the rows of that one document.
    """
    document_id, plan_id, order, task_id = key
    same_document_later = (Q(plan_id__gt=plan_id) | Q(plan_id=plan_id, order__gt=order)
                           | Q(plan_id=plan_id, order=order, pk__gt=task_id))
    return Q(document_id__lte=document_id) & (Q(document_id__lt=document_id)
                                              | Q(document_id=document_id) & same_document_later)


class TaskListPagination(ApiPagination):
    """Page numbers as before (plus `next_cursor`) or, with `cursor`, keyset pages (tasks.api.keyset)."""

    cursor_query_param = CURSOR_PARAM

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.keyset, self.next_key = request, False, None
        self.is_list = getattr(view, "action", None) == "list"
        if not self.is_list:
            return super().paginate_queryset(queryset, request, view)
        if not self._wants_keyset(request):
            rows = super().paginate_queryset(queryset, request, view)
            if rows and self.page.has_next() and self._default_order(request):
                self.next_key = encode_cursor(rows[-1])
            return rows
        return self._keyset_page(queryset, request)

    def _wants_keyset(self, request) -> bool:
        """A cursor was given; an empty one (= the first keyset page) only where page numbers are not asked
        for, since an empty query parameter means "not given" everywhere else in the API."""
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return False
        page = request.query_params.get(self.page_query_param) not in (None, "")
        return bool(raw.strip()) or (self._default_order(request) and not page)

    def _default_order(self, request) -> bool:
        return not (request.query_params.get("ordering") or "").strip()

    def _keyset_page(self, paged, request):
        # A cursor is a place in the default order: combined with another order or a page number it names
        # no page. As DRF's CursorPagination does with a cursor it cannot use, that is a 404, in Chinese.
        if not self._default_order(request):
            raise exceptions.NotFound(CURSOR_WITH_ORDERING)
        raw_size = request.query_params.get(self.page_size_query_param)
        if raw_size is not None:
            parse_positive_int(raw_size, self.page_size_query_param, "每页条数必须是正整数（最大 200）。")
        if request.query_params.get(self.page_query_param) not in (None, ""):
            raise exceptions.NotFound("cursor 与 page 只能用其一。")
        size = self.get_page_size(request)
        raw = request.query_params.get(self.cursor_query_param, "").strip()
        tasks = paged.tasks.filter(after(decode_cursor(raw))) if raw else paged.tasks
        # One row more than the page tells whether another page follows, without counting.
        rows = list(type(paged)(tasks, rows=paged.rows)[0:size + 1])
        self.keyset = True
        if len(rows) > size:
            rows = rows[:size]
            self.next_key = encode_cursor(rows[-1])
        return rows

    def get_paginated_response(self, data):
        if not self.keyset:
            response = super().get_paginated_response(data)
            if self.is_list:
                response.data["next_cursor"] = self.next_key
            return response
        url = self.request.build_absolute_uri()
        next_url = None
        if self.next_key is not None:
            next_url = replace_query_param(remove_query_param(url, self.page_query_param), self.cursor_query_param,
                                           self.next_key)
        return Response({"count": None, "next": next_url, "previous": None, "next_cursor": self.next_key,
                         "results": data})

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["count"]["nullable"] = True
        body["properties"]["count"]["description"] = "总数；游标分页（cursor）时为 null，不计总数"
        body["properties"]["next_cursor"] = {
            "type": "string", "nullable": True,
            "description": "下一页的游标（用作 cursor 参数，按默认顺序）；没有下一页或指定了 ordering 时为 null",
        }
        return body

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if getattr(view, "action", None) == "list":
            parameters.append({
                "name": self.cursor_query_param, "required": False, "in": "query",
                "description": "游标分页：空值从第一页开始，之后用上一页的 next_cursor；深页与首页同样快，不返回总数。"
                               "非空的游标不可与 page 或 ordering 同用（404）；空值与它们同用时视为未给出。",
                "schema": {"type": "string"},
            })
        return parameters
