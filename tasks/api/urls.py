from django.urls import path
from rest_framework.routers import SimpleRouter

from .records import DashboardView, NotificationViewSet, ReportViewSet, ReviewViewSet
from .views import TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("reports", ReportViewSet, basename="report")
router.register("reviews", ReviewViewSet, basename="review")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
