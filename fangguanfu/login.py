"""The login page, with the same protection against password guessing as the API's token login.

Failed attempts are counted per client address (identified as the API's
throttles do, honouring REST_FRAMEWORK["NUM_PROXIES"]); past the limit every
attempt, right or wrong, is refused until the window has passed, so a guesser
learns nothing. Successful logins are not counted: colleagues behind one NAT
address are only slowed by each other's mistakes.
"""

from django.contrib.auth.views import LoginView
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

MAX_FAILED_LOGINS = 20
WINDOW_SECONDS = 15 * 60
TOO_MANY = "登录失败次数过多，请 15 分钟后再试。如忘记密码，请联系督查室重置。"


def _key(request) -> str:
    return f"login-failures:{BaseThrottle().get_ident(request)}"


class ThrottledLoginView(LoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if cache.get(_key(request), 0) >= MAX_FAILED_LOGINS:
            # An unbound form: the password is not even checked, so the answer tells nothing about it.
            form = self.get_form_class()(request)
            return self.render_to_response(self.get_context_data(form=form, too_many=TOO_MANY), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _key(self.request)
        cache.add(key, 0, WINDOW_SECONDS)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
        return super().form_invalid(form)
