"""The beat scheduler: the settings schedule seeds the database, the office's edits win.

django-celery-beat's DatabaseScheduler copies CELERY_BEAT_SCHEDULE into the
database on every beat start with update_or_create, which would silently undo
a time or an on/off switch the office changed in the admin (周期任务). This
scheduler adds the entries that are missing and leaves existing rows alone.
"""

from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from ops import heartbeat


class OfficeEditableScheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        # /healthz/ tells an operator when beat has stopped: every tick says it is alive.
        heartbeat.beat("celery_beat")
        return super().tick(*args, **kwargs)

    def update_from_dict(self, mapping):
        existing = set(PeriodicTask.objects.filter(name__in=list(mapping)).values_list("name", flat=True))
        super().update_from_dict({name: entry for name, entry in mapping.items() if name not in existing})
