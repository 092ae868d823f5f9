"""`make run`: agencies, the five seed documents, demo accounts and the demo plan dated around today."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "为本地演示准备数据：载入责任单位、导入五份种子文件、创建演示账号、生成时限在今天前后的演示方案并发送今日提醒（生产模式下拒绝运行）。"

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("生产模式下不能创建演示数据。")
        call_command("load_agencies")
        call_command("import_seeds")
        call_command("create_demo_accounts")
        call_command("load_demo_plan")
        # Today's reminders, so the inboxes show them on the first visit (each is sent once: a rerun adds none).
        call_command("send_reminders")
        self.stdout.write(self.style.SUCCESS("演示环境已就绪：http://127.0.0.1:8000/ （管理后台 /admin/，接口文档 /api/docs/）"))
