from django.urls import path

from . import inbox_views

app_name = "inbox"
urlpatterns = [
    path("", inbox_views.index, name="index"),
    path("<int:pk>/read/", inbox_views.mark_read, name="mark_read"),
    path("read-all/", inbox_views.mark_all_read, name="mark_all_read"),
    path("run-reminders/", inbox_views.run_reminders, name="run_reminders"),
]
