"""修改密码: every account changes its own password in a page, not through the office or a terminal.

Accounts start with a password the office hands out (account import, setup_demo); the person should replace
it with their own. Django's PasswordChangeView checks the old password and the validators and keeps this
session signed in (update_session_auth_hash); the user's other sessions stop working, since their hash no
longer matches. The API token goes too: a password changed because it leaked must not leave a token behind
that was obtained with it. A new one comes from /api/auth/token/ with the new password.
"""

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db import transaction
from django.urls import reverse_lazy
from rest_framework.authtoken.models import Token


class OwnPasswordChangeView(PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = Token.objects.filter(user=form.user).delete()[0]
        note = "；原有的接口令牌已作废，请用新密码重新获取。" if revoked else "。"
        messages.success(self.request, f"密码已修改{note}其他设备上的登录已失效，需要用新密码重新登录。")
        return response
