"""Role-aware plumbing every API view shares: authentication order, role permissions, the actor."""

from rest_framework import exceptions, permissions
from rest_framework.authentication import SessionAuthentication

from fangguanfu.api_common import ApiPagination, ApiSchema, parse_positive_int
from fangguanfu.login import ProfileTokenAuthentication

from ..roles import actor_for


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

    authentication_classes = [ProfileTokenAuthentication, SessionAuthentication]
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
