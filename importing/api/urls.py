from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DocumentViewSet, ImportConfirmView, ImportPreviewView

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = [
    path("documents/import/preview/", ImportPreviewView.as_view(), name="document-import-preview"),
    path("documents/import/confirm/", ImportConfirmView.as_view(), name="document-import-confirm"),
    *router.urls,
]
