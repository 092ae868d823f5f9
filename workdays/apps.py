from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


def _rebuild_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    from .models import CalendarDay, WorkdayOrdinal
    from .ordinals import ordinals_rebuild

    tables = connections[using].introspection.table_names()
    if WorkdayOrdinal._meta.db_table in tables and CalendarDay._meta.db_table in tables:  # not when migrated back
        ordinals_rebuild()


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        # The ordinals are derived from the calendar: refilled after migrate (and after a test flush) and
        # whenever the office changes a day.
        from .models import CalendarDay
        from .ordinals import ordinals_rebuild_on_commit

        post_migrate.connect(_rebuild_after_migrate, sender=self, dispatch_uid="workdays_ordinals_migrate")
        post_save.connect(ordinals_rebuild_on_commit, sender=CalendarDay, dispatch_uid="workdays_ordinals_save")
        post_delete.connect(ordinals_rebuild_on_commit, sender=CalendarDay, dispatch_uid="workdays_ordinals_delete")
