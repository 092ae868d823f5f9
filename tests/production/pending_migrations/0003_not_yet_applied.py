from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ops", "0002_office_sees_and_lifts_lockouts")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
