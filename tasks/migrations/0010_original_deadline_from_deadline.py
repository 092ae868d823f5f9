"""Existing tasks keep the deadline they had as their original one, before any extension can move it."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    Task.objects.filter(original_deadline__isnull=True, deadline__isnull=False).update(original_deadline=F("deadline"))


class Migration(migrations.Migration):
    dependencies = [("tasks", "0009_assignment_lifecycle_extensions_subtasks_urges")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
