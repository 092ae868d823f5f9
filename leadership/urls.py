from django.urls import path

from . import ledger_views, pack_views, score_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_view, name="index"),
    path("export.xlsx", views.export_xlsx_view, name="export_xlsx"),
    path("export.csv", views.export_csv_view, name="export_csv"),
    path("changes/", pack_views.changes_view, name="changes"),
    path("changes.xlsx", pack_views.changes_xlsx_view, name="changes_xlsx"),
    path("scores/", score_views.scores_view, name="scores"),
    path("scores.xlsx", score_views.scores_xlsx_view, name="scores_xlsx"),
    path("meetings/", pack_views.meeting_create_view, name="meeting_create"),
    path("ledger/import/", ledger_views.ledger_upload_view, name="ledger_import"),
    path("ledger/import/<str:token>/", ledger_views.ledger_preview_view, name="ledger_preview"),
    path("ledger/template.xlsx", ledger_views.ledger_template_view, name="ledger_template"),
]
