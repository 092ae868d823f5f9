from django.urls import path

from . import views, workbench_views

app_name = "documents"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", workbench_views.import_preview, name="import_preview"),
    path("<int:pk>/", views.document_detail, name="detail"),
]
