"""/api/: the REST API, its token login, the OpenAPI schema and the offline Swagger UI.

URL names live in the "api" namespace (api:task-list, api:document-import-preview…).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .api_auth import ObtainTokenView, api_not_found

app_name = "api"

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("reporting.api.urls")),  # /api/tasks/ (TaskViewSet with reports) and /api/reports/
    path("", include("tasks.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("leadership.api.urls")),
    path("", include("importing.api.urls")),
    path("", include("agencies.api.urls")),
    # Anything else under /api/ answers in JSON too, never with an HTML page.
    re_path(r"^.*$", api_not_found),
]
