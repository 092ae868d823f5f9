"""/api/reviews/. /api/tasks/ is registered by reporting.api.urls, whose viewset extends tasks.api.views.TaskViewSet."""

from rest_framework.routers import SimpleRouter

from .reviews import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="review")

urlpatterns = router.urls
