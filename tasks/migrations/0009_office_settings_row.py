from django.db import migrations


def create_row(apps, schema_editor):
    # The one settings row exists from the start: the office opens 督办设置 and finds the defaults to change,
    # instead of an empty list with an "add" button.
    apps.get_model("tasks", "OfficeSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0008_event_kinds_second_tier")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
