"""Filters of the inbox list."""

import django_filters

from fangguanfu.api_common import StrictBooleanFilter

from ..models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    unread = StrictBooleanFilter(label="仅未读", field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = []
