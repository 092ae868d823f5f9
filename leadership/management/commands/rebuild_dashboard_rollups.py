"""Recount the dashboard rollups from the tasks (repair after a restore, a TRUNCATE or triggers disabled for a load).

The triggers keep them current otherwise; the rebuild locks writes to tasks, assignments and reports
while it runs (reads go on), then the dashboard shows exactly what the tasks say.
"""

from django.core.management.base import BaseCommand

from leadership.models import AgencyRollup, LeadRollup, SectionRollup, TaskRollup, TaskRollupState, YearRollup
from leadership.rollups import rebuild_rollups, rollups_available


class Command(BaseCommand):
    help = "从任务重新统计领导驾驶舱汇总表（修复用；平时由数据库触发器随改随算）。"

    def handle(self, *args, **options):
        if not rollups_available():
            self.stdout.write("当前数据库不是 PostgreSQL：驾驶舱直接统计任务，没有汇总表需要重建。")
            return
        rebuild_rollups()
        self.stdout.write(self.style.SUCCESS(
            f"已重建驾驶舱汇总：{TaskRollupState.objects.count()} 项任务，"
            f"{TaskRollup.objects.count()} 行（文件）、{AgencyRollup.objects.count()} 行（单位）、"
            f"{YearRollup.objects.count()} 行（年度）、{LeadRollup.objects.count()} 行（牵头单位）、"
            f"{SectionRollup.objects.count()} 行（部分）。"
        ))
