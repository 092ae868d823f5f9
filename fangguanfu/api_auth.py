"""Token login for integrations: POST username and password, get {"token": …}.

Send the token as `Authorization: Token <token>`. The same user keeps the same
token until an administrator deletes it (admin → 令牌), which logs every
integration using it out.
"""

from django.contrib.auth import authenticate
from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .api_common import ApiSchema
from .login import TOO_MANY, client_ip, is_locked_out, log


class LoginThrottle(AnonRateThrottle):
    """Slows down password guessing from one address; counts every attempt, right or wrong.

    Counted in the default cache, which is Redis when REDIS_URL is set: one count for all workers.
    """

    scope = "api-token"
    rate = "30/min"


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="用户名")
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"},
                                     help_text="密码")


class ObtainTokenView(APIView):
    authentication_classes = []  # a login needs no prior login, and no CSRF cookie
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    schema = ApiSchema()

    @extend_schema(
        summary="获取令牌", tags=["认证"],
        description="用用户名和密码换取 API 令牌；之后在请求头中发送 `Authorization: Token <令牌>`。"
                    "用户名或密码错误时返回 400；同一账号自同一地址连续失败 20 次后锁定 15 分钟（也返回 400，"
                    "说明已锁定）。每个地址每分钟最多 30 次请求（超过返回 429）。",
        request=TokenInput,
        responses=inline_serializer("TokenResult", {"token": serializers.CharField(help_text="API 令牌")}),
        auth=[],
    )
    def post(self, request):
        form = TokenInput(data=request.data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        # The account lockout of the login page holds here too: this door must not be a way around it.
        if is_locked_out(request._request, username):
            log.info("令牌登录被拒绝（账号已锁定）：账号 %s 自地址 %s", username, client_ip(request._request))
            raise serializers.ValidationError({"non_field_errors": [TOO_MANY]}, code="locked_out")
        user = authenticate(request._request, username=username, password=form.validated_data["password"])
        if getattr(request._request, "axes_locked_out", False):
            raise serializers.ValidationError({"non_field_errors": [TOO_MANY]}, code="locked_out")
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": ["用户名或密码错误，或账号已停用。"]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def api_not_found(request, *args, **kwargs):
    """An unknown address under /api/: JSON, like every other API answer."""
    return JsonResponse({"detail": "接口不存在，请查看 /api/docs/。", "code": "not_found"}, status=404,
                        json_dumps_params={"ensure_ascii": False})
