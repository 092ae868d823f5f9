"""What every API view shares: pagination, schema, id checks and strict filters.

Authentication order and role permissions need the user's role: agencies.api.common.
"""

import re

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions

from .api_errors import ErrorSerializer
from .pagination import BoundedPageNumberPagination

_POSITIVE_INT = re.compile(r"^[1-9][0-9]{0,18}$")
MAX_BIGINT = 2**63 - 1  # PostgreSQL bigint: a larger id would be a database error
# A month as the API takes it (tasks.api.validators.PeriodField, leadership.scores.parse_period): 2000–2100.
MONTH_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"

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
    if not _POSITIVE_INT.match(text) or int(text) > MAX_BIGINT:
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


class IdFilter(django_filters.NumberFilter):
    """A whole positive number (an id, a year). An id the user may not see simply matches nothing."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class RowIdField(forms.ModelChoiceField):
    """The id of a row; a well-formed id that names no row is kept as the number, so the filter matches
    nothing. An id filter is a condition on the list, like every other filter: "tasks of agency 424242" are
    none, and answering 400 only for ids that do not exist would tell a liaison which ids do."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            if exc.code != "invalid_choice":
                raise
        number = forms.IntegerField(min_value=1, max_value=2**63 - 1, error_messages={
            "invalid": "编号必须是正整数。", "min_value": "编号必须是正整数。", "max_value": "编号过大。"})
        return number.clean(value)


class RowIdFilter(django_filters.ModelChoiceFilter):
    """A choice of row by id (a select on the pages); an unknown id matches nothing (RowIdField)."""

    field_class = RowIdField


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


class StrictBooleanField(forms.NullBooleanField):
    """true/false (also 1/0, yes/no); empty or "unknown" means no filter; anything else is an error, not ignored."""

    TRUE, FALSE, NONE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}, {"", "unknown", "none"}
    widget = forms.TextInput  # the select widget would turn an unknown value into "no filter" before we see it

    def to_python(self, value):
        if value in (True, False, None):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE or text in self.FALSE or text in self.NONE:
            return None if text in self.NONE else text in self.TRUE
        raise forms.ValidationError("请填写 true 或 false。", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
