"""The login page and the account lockout shared by both doors (login page and API token login).

The lockout is django-axes with its database handler: failures are counted
per account *and* client address in the database, so they hold across
gunicorn workers, servers and restarts, and the office sees and lifts them in
the admin (登录失败记录). Per account and address, because behind a proxy or a
NAT many colleagues share one address: one person's mistakes (or a guesser's)
must not lock the whole office out, and a guesser on one address cannot try
more than MAX_FAILED_LOGINS passwords of one account per window.

Once locked, every attempt, right or wrong, is refused without checking the
password, so a guesser learns nothing. A successful login clears the count of
its account and address.
"""

import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import LoginView
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.throttling import BaseThrottle

MAX_FAILED_LOGINS = 20
WINDOW_SECONDS = 15 * 60
TOO_MANY = "登录失败次数过多，账号已暂时锁定，请 15 分钟后再试或联系督查室解锁。"

log = logging.getLogger("fangguanfu.security")


def client_ip(request) -> str | None:
    """The client address as the API throttles see it (REST_FRAMEWORK["NUM_PROXIES"] trusted proxies).

    Only a well-formed address is returned: with a proxy count larger than the
    real chain, the client's own X-Forwarded-For entries would be read, and a
    garbage one must not reach the lockout table's address column.
    """
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address((ident or "").strip()))
    except ValueError:
        remote = request.META.get("REMOTE_ADDR")
        return remote or None


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account and address before any password is checked.

    A login without a request (Django's test client, a shell script) comes from
    no network client, so there is no address to lock; it is left to the next
    backend instead of failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ProfileBackend(ModelBackend):
    """Django's password backend, loading each request's user with its role and agency in the same query:
    every page reads them (agencies.roles.actor_for), and two more queries a page add up."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile__agency").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ProfileTokenAuthentication(TokenAuthentication):
    """DRF's token login, reading the user's profile and agency with the token (one query, as ProfileBackend)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__profile__agency").get(key=key)
        except model.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


def is_locked_out(request, username: str | None) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login views answer a lockout themselves (page: 429, API: JSON)."""
    if original_response is not None:
        return original_response
    return render(request, "error.html", {"heading": "账号已暂时锁定", "message": TOO_MANY}, status=429)


@receiver(user_locked_out)
def _log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    log.warning("登录锁定：账号 %s 自地址 %s 连续登录失败 %s 次，锁定 %s 分钟", username, ip_address,
                MAX_FAILED_LOGINS, WINDOW_SECONDS // 60)


class ThrottledLoginView(LoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if is_locked_out(request, request.POST.get("username")):
            log.info("登录被拒绝（账号已锁定）：账号 %s 自地址 %s", request.POST.get("username"), client_ip(request))
            # An unbound form: the password is not even checked, so the answer tells nothing about it.
            form = self.get_form_class()(request)
            return self.render_to_response(self.get_context_data(form=form, too_many=TOO_MANY), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # This very failure reached the limit: the password was checked and wrong, and the next try is refused.
        if getattr(self.request, "axes_locked_out", False):
            return self.render_to_response(self.get_context_data(form=form, too_many=TOO_MANY))
        return super().form_invalid(form)
