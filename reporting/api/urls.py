from rest_framework.routers import SimpleRouter

from .views import ReportViewSet, TaskWithReportsViewSet

router = SimpleRouter()
router.register("tasks", TaskWithReportsViewSet, basename="task")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = router.urls
