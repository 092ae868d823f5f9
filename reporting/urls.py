"""/tasks/: the task pages. The lists come from tasks.views; the task page, reports and sign-off pages
live here because they show and write reports. One URL namespace, "tasks", for all of them."""

from django.urls import path

from tasks.views import lists

from .views import detail, load, quality, reports, review

app_name = "tasks"
urlpatterns = [
    path("", lists.task_list_view, name="list"),
    path("documents/", lists.document_options_view, name="document_options"),
    path("review/", review.review_queue_view, name="review_queue"),
    path("load/", load.reporting_load_view, name="load"),
    path("reports/quality/", quality.report_quality_view, name="report_quality"),
    path("<int:pk>/", detail.task_detail_view, name="detail"),
    path("<int:pk>/report/", reports.report_form_view, name="report"),
    path("<int:pk>/report/no-progress/", reports.report_no_progress_view, name="report_no_progress"),
    path("<int:pk>/reports/<int:report_id>/approve/", reports.report_approve_view, name="report_approve"),
    path("<int:pk>/attachments/<int:attachment_id>/", reports.attachment_download_view, name="attachment"),
    path("<int:pk>/signoff/", review.signoff_request_view, name="signoff_request"),
    path("<int:pk>/review/", review.review_decide_view, name="review"),
    path("<int:pk>/reopen/", review.task_reopen_view, name="reopen"),
]
