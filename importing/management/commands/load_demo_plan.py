"""python manage.py load_demo_plan [--refresh]: the demo plan dated around today (also run by setup_demo)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importing.demo_plan import DEMO_SUMMARY, demo_plan_load


class Command(BaseCommand):
    help = "生成时限在今天前后的演示方案（逾期、本周到期、下月到期、无时限，含报送、退回和销号）；生产模式下拒绝运行。"

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="删除已有的演示方案，按今天的日期重新生成")

    def handle(self, *args, refresh, **options):
        if settings.PRODUCTION:
            raise CommandError("生产模式下不能生成演示数据。")
        try:
            document = demo_plan_load(refresh=refresh)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if document is None:
            self.stdout.write("演示方案已存在，未做修改（--refresh 按今天重新生成）。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已生成演示方案《{document.title}》：{DEMO_SUMMARY}"))
