"""Dashboard rollups (issue 19): the tables, then on PostgreSQL the triggers that keep them and a first rebuild.

SQLite (the embedded `make run` default) gets the tables only: the dashboard reads tasks directly there
(leadership/rollups.py `rollups_available`). The SQL is in _rollup_sql_0003.py.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._rollup_sql_0003 import INSTALL, UNINSTALL


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_office_manages_accounts'),
        ('documents', '0003_import_record'),
        ('leadership', '0002_office_pack_permissions'),
        ('workdays', '0003_working_day_ordinals'),
        # The triggers sit on the tasks, assignments and reports tables as they are after these.
        ('tasks', '0013_merge_20261203_2311'),
        ('reporting', '0005_head_comment_default'),
    ]

    operations = [
        migrations.CreateModel(
            name='AgencyRollupState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_id', models.BigIntegerField()),
                ('agency_id', models.BigIntegerField()),
                ('is_lead', models.BooleanField()),
            ],
            options={
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('task_id', 'agency_id'), name='agency_rollup_state_unique')],
            },
        ),
        migrations.CreateModel(
            name='TaskRollupState',
            fields=[
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('signoff_requested', '申请销号'), ('signed_off', '已销号'), ('returned', '已退回')], max_length=20)),
                ('deadline', models.DateField(null=True)),
                ('assigned_on', models.DateField(null=True)),
                ('progress_percent', models.PositiveSmallIntegerField(null=True)),
                ('report_month', models.DateField(null=True)),
                ('signed_off_month', models.DateField(null=True)),
                ('on_time', models.BooleanField(default=False)),
                ('task_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('assigned_day', models.ForeignObject(from_fields=['assigned_on'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('deadline_day', models.ForeignObject(from_fields=['deadline'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('document', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document')),
                ('section', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.section')),
            ],
            options={
                'default_permissions': (),
            },
        ),
        migrations.CreateModel(
            name='AgencyRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('signoff_requested', '申请销号'), ('signed_off', '已销号'), ('returned', '已退回')], max_length=20)),
                ('deadline', models.DateField(null=True)),
                ('assigned_on', models.DateField(null=True)),
                ('progress_percent', models.PositiveSmallIntegerField(null=True)),
                ('report_month', models.DateField(null=True)),
                ('signed_off_month', models.DateField(null=True)),
                ('on_time', models.BooleanField(default=False)),
                ('is_lead', models.BooleanField()),
                ('n', models.IntegerField(verbose_name='任务数')),
                ('agency', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency')),
                ('assigned_day', models.ForeignObject(from_fields=['assigned_on'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('deadline_day', models.ForeignObject(from_fields=['deadline'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('document', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document')),
                ('section', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.section')),
            ],
            options={
                'verbose_name': '驾驶舱汇总（单位）',
                'verbose_name_plural': '驾驶舱汇总（单位）',
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('agency', 'is_lead', 'document', 'section', 'status', 'deadline', 'assigned_on', 'progress_percent', 'report_month', 'signed_off_month', 'on_time'), name='agency_rollup_key_unique', nulls_distinct=False)],
            },
        ),
        migrations.CreateModel(
            name='TaskRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('signoff_requested', '申请销号'), ('signed_off', '已销号'), ('returned', '已退回')], max_length=20)),
                ('deadline', models.DateField(null=True)),
                ('assigned_on', models.DateField(null=True)),
                ('progress_percent', models.PositiveSmallIntegerField(null=True)),
                ('report_month', models.DateField(null=True)),
                ('signed_off_month', models.DateField(null=True)),
                ('on_time', models.BooleanField(default=False)),
                ('n', models.IntegerField(verbose_name='任务数')),
                ('assigned_day', models.ForeignObject(from_fields=['assigned_on'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('deadline_day', models.ForeignObject(from_fields=['deadline'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('document', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document')),
                ('section', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.section')),
            ],
            options={
                'verbose_name': '驾驶舱汇总（任务）',
                'verbose_name_plural': '驾驶舱汇总（任务）',
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('document', 'section', 'status', 'deadline', 'assigned_on', 'progress_percent', 'report_month', 'signed_off_month', 'on_time'), name='task_rollup_key_unique', nulls_distinct=False)],
            },
        ),
        migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(UNINSTALL), elidable=False),
    ]
