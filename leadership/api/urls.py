from django.urls import path

from .pack import BriefingView, ChangesView, ScoresView
from .views import DashboardView

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("scores/", ScoresView.as_view(), name="scores"),
    path("briefing.docx", BriefingView.as_view(), name="briefing"),
]
