from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from agencies import views as agency_views
from ops.health import healthz

from .login import ThrottledLoginView
from .password_change import OwnPasswordChangeView

admin.site.site_header = "放管服任务督办系统 · 管理后台"
admin.site.site_title = "放管服任务督办"
admin.site.index_title = "督查室管理"

urlpatterns = [
    path("", agency_views.home, name="home"),
    path("healthz/", healthz, name="healthz"),  # no login: for the compose health check and load balancers
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", OwnPasswordChangeView.as_view(), name="password_change"),
    # The admin's own login form would be a second, unthrottled door for password guessing.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("tasks/", include("reporting.urls")),
    path("documents/", include("importing.urls")),
    path("dashboard/", include("leadership.urls")),
    path("inbox/", include("reminders.urls")),
    path("api/", include("fangguanfu.api_urls")),
]

handler403 = "fangguanfu.errors.forbidden"
handler404 = "fangguanfu.errors.not_found"
handler400 = "fangguanfu.errors.bad_request"
