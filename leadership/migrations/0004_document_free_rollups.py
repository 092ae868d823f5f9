"""Document-free dashboard rollups (issue 19): the unfiltered dashboard's cost no longer follows the tasks.

The tables, then on PostgreSQL the new source view, refresh, rebuild and documents trigger, and a rebuild
that fills the new tables (SQL: _rollup_sql_0004.py). SQLite gets the tables only, as with 0003.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._rollup_sql_0004 import INSTALL, UNINSTALL


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
        ('leadership', '0003_dashboard_rollups'),
        ('workdays', '0003_working_day_ordinals'),
    ]

    operations = [
        migrations.AddField(
            model_name='taskrollupstate',
            name='year',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.CreateModel(
            name='LeadRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('signoff_requested', '申请销号'), ('signed_off', '已销号'), ('returned', '已退回')], max_length=20)),
                ('deadline', models.DateField(null=True)),
                ('assigned_on', models.DateField(null=True)),
                ('progress_percent', models.PositiveSmallIntegerField(null=True)),
                ('report_month', models.DateField(null=True)),
                ('on_time', models.BooleanField(default=False)),
                ('year', models.PositiveSmallIntegerField(null=True)),
                ('n', models.IntegerField(verbose_name='任务数')),
                ('agency', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency')),
                ('assigned_day', models.ForeignObject(from_fields=['assigned_on'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('deadline_day', models.ForeignObject(from_fields=['deadline'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
            ],
            options={
                'verbose_name': '驾驶舱汇总（牵头单位）',
                'verbose_name_plural': '驾驶舱汇总（牵头单位）',
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('agency', 'year', 'status', 'deadline', 'assigned_on', 'progress_percent', 'report_month', 'on_time'), name='lead_rollup_key_unique', nulls_distinct=False)],
            },
        ),
        migrations.CreateModel(
            name='SectionRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(null=True)),
                ('n', models.IntegerField(verbose_name='任务数')),
                ('document', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document')),
                ('section', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.section')),
            ],
            options={
                'verbose_name': '驾驶舱汇总（部分）',
                'verbose_name_plural': '驾驶舱汇总（部分）',
                'default_permissions': (),
                'indexes': [models.Index(fields=['year', 'document'], name='section_rollup_year_idx')],
                'constraints': [models.UniqueConstraint(fields=('document', 'section', 'year'), name='section_rollup_key_unique', nulls_distinct=False)],
            },
        ),
        migrations.CreateModel(
            name='YearRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('not_started', '未启动'), ('in_progress', '推进中'), ('signoff_requested', '申请销号'), ('signed_off', '已销号'), ('returned', '已退回')], max_length=20)),
                ('deadline', models.DateField(null=True)),
                ('assigned_on', models.DateField(null=True)),
                ('progress_percent', models.PositiveSmallIntegerField(null=True)),
                ('report_month', models.DateField(null=True)),
                ('on_time', models.BooleanField(default=False)),
                ('year', models.PositiveSmallIntegerField(null=True)),
                ('signed_off_month', models.DateField(null=True)),
                ('n', models.IntegerField(verbose_name='任务数')),
                ('assigned_day', models.ForeignObject(from_fields=['assigned_on'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
                ('deadline_day', models.ForeignObject(from_fields=['deadline'], null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workdays.workdayordinal', to_fields=['date'])),
            ],
            options={
                'verbose_name': '驾驶舱汇总（年度）',
                'verbose_name_plural': '驾驶舱汇总（年度）',
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('year', 'status', 'deadline', 'assigned_on', 'progress_percent', 'report_month', 'on_time', 'signed_off_month'), name='year_rollup_key_unique', nulls_distinct=False)],
            },
        ),
        migrations.RunPython(_on_postgresql(INSTALL), _on_postgresql(UNINSTALL), elidable=False),
    ]
