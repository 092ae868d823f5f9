"""/tasks/: the task pages. The lists come from tasks.views; the task page, reports and sign-off pages
live here because they show and write reports. One URL namespace, "tasks", for all of them."""

from django.urls import path

from tasks.views import actions, declined, lists

from .views import detail, head_queue, load, quality, reports, review

app_name = "tasks"
urlpatterns = [
    path("", lists.task_list_view, name="list"),
    path("documents/", lists.document_options_view, name="document_options"),
    path("review/", review.review_queue_view, name="review_queue"),
    path("head-review/", head_queue.head_queue_view, name="head_queue"),
    path("head-review/<int:report_id>/", head_queue.head_decide_view, name="head_decide"),
    path("load/", load.reporting_load_view, name="load"),
    path("reports/quality/", quality.report_quality_view, name="report_quality"),
    path("<int:pk>/", detail.task_detail_view, name="detail"),
    path("<int:pk>/report/", reports.report_form_view, name="report"),
    path("<int:pk>/report/no-progress/", reports.report_no_progress_view, name="report_no_progress"),
    path("<int:pk>/reports/<int:report_id>/approve/", reports.report_approve_view, name="report_approve"),
    path("<int:pk>/attachments/<int:attachment_id>/", reports.attachment_download_view, name="attachment"),
    path("<int:pk>/signoff/", review.signoff_request_view, name="signoff_request"),
    path("<int:pk>/signoff-attachments/<int:attachment_id>/", review.signoff_attachment_view,
         name="signoff_attachment"),
    path("<int:pk>/review/", review.review_decide_view, name="review"),
    path("<int:pk>/reopen/", review.task_reopen_view, name="reopen"),
    # The second tier (tasks.views.actions): each agency's part, extensions, sub-tasks, urging.
    path("declined/", declined.declined_queue_view, name="declined_queue"),
    path("assignments/<int:assignment_id>/acknowledge/", actions.acknowledge_view, name="acknowledge"),
    path("assignments/<int:assignment_id>/decline/", actions.decline_view, name="decline"),
    path("assignments/<int:assignment_id>/done/", actions.done_view, name="assignment_done"),
    path("assignments/<int:assignment_id>/reassign/", actions.reassign_view, name="reassign"),
    path("assignments/<int:assignment_id>/insist/", actions.insist_view, name="insist"),
    path("assignments/<int:assignment_id>/expand/", actions.expand_view, name="expand"),
    path("<int:pk>/extension/", actions.extension_request_view, name="extension_request"),
    path("extensions/<int:request_id>/decide/", actions.extension_decide_view, name="extension_decide"),
    path("<int:pk>/subtasks/", actions.subtask_create_view, name="subtask_create"),
    path("<int:pk>/urge/", actions.urge_view, name="urge"),
]
