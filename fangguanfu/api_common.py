"""What every API view shares: authentication order, permissions, pagination, schema, id checks."""

import re

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from agencies.roles import actor_for

from .api_errors import ErrorSerializer
from .pagination import BoundedPageNumberPagination

_POSITIVE_INT = re.compile(r"^[1-9][0-9]{0,17}$")

ERROR_DESCRIPTIONS = {
    "400": "请求参数或提交的数据有误（含字段错误）",
    "401": "未登录或令牌无效",
    "403": "无权进行此操作",
    "404": "不存在，或不在本单位可见范围内",
}
WRITE_ERROR_DESCRIPTIONS = {"409": "状态不允许此操作，或数据已被他人修改", "415": "请求体格式不受支持或无法解析"}
# Paging must be a number when given; every other optional query parameter may be sent empty (= no filter),
# as the pages' own filter forms do.
STRICT_QUERY_PARAMETERS = {"page", "page_size"}


def parse_positive_int(raw, field: str, message: str = "编号必须是正整数。") -> int:
    """An id from a URL or a query: digits only, else 400 (never a database error)."""
    text = str(raw).strip()
    if not _POSITIVE_INT.match(text):
        raise exceptions.ValidationError({field: [message]})
    return int(text)


class ApiSchema(AutoSchema):
    """Documents the shared error body on every operation, so clients (and schemathesis) know it."""

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if (parameter.get("in") == "query" and not parameter.get("required")
                    and parameter["name"] not in STRICT_QUERY_PARAMETERS):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = dict(ERROR_DESCRIPTIONS)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.update(WRITE_ERROR_DESCRIPTIONS)
        if getattr(self.view, "throttle_classes", None):
            codes["429"] = "请求过于频繁，请稍后再试"
        for code, description in codes.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, ["application/json"], direction)
                response["description"] = description
                responses[code] = response
        return responses


class ApiPagination(BoundedPageNumberPagination):
    """A malformed page number is a bad request (400); a page past the end stays 404."""

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            parse_positive_int(raw, self.page_query_param, "页码必须是正整数。")
        raw_size = request.query_params.get(self.page_size_query_param)
        if raw_size is not None:
            parse_positive_int(raw_size, self.page_size_query_param, "每页条数必须是正整数（最大 200）。")
        return super().paginate_queryset(queryset, request, view)


class HasRole(permissions.BasePermission):
    """Anyone with a role may read; leadership is read-only; users without a role get nothing."""

    message = "您的账号尚未分配角色，请联系督查室。"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        actor = actor_for(user)
        if actor.role is None:
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "leaders_may_write", False):
            return True
        if actor.is_leader:
            raise exceptions.PermissionDenied("领导账号为只读，不能进行此操作。")
        return True


class IsOffice(permissions.BasePermission):
    message = "仅督查室工作人员可以进行此操作。"

    def has_permission(self, request, view):
        return actor_for(request.user).is_office


class ApiViewMixin:
    """Token first, so an anonymous call gets 401 with `WWW-Authenticate: Token`; session for the browser."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [HasRole]
    pagination_class = ApiPagination
    schema = ApiSchema()
    lookup_value_regex = "[^/]+"  # let "1.5" reach get_object and get its 400, not fall through to a 404

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        self.kwargs[lookup] = parse_positive_int(self.kwargs[lookup], "id")
        return super().get_object()

    @property
    def actor(self):
        return actor_for(self.request.user)


class IdFilter(django_filters.NumberFilter):
    """A whole positive number (an id, a year). An id the user may not see simply matches nothing."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Free text matched (icontains) against several columns; blank means no filter."""

    def __init__(self, *args, columns: tuple[str, ...], distinct: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns, self.search_distinct = columns, distinct

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for column in self.columns:
            condition |= Q(**{f"{column}__icontains": value})
        qs = qs.filter(condition)
        return qs.distinct() if self.search_distinct else qs
