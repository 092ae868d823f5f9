"""/api/reviews/, /api/assignments/, /api/extension-requests/. /api/tasks/ is registered by reporting.api.urls,
whose viewset extends tasks.api.views.TaskViewSet."""

from rest_framework.routers import SimpleRouter

from .parts import AssignmentViewSet, ExtensionRequestViewSet
from .reviews import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("extension-requests", ExtensionRequestViewSet, basename="extension-request")

urlpatterns = router.urls
