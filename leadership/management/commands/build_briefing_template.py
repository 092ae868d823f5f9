from django.core.management.base import BaseCommand

from leadership.briefing_template import TEMPLATE_PATH, build_template


class Command(BaseCommand):
    help = "重新生成内置的通报模板 fixtures/briefing_template.docx（督查室也可在管理后台上传自己的模板）"

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(TEMPLATE_PATH), help="输出路径")

    def handle(self, *args, to, **options):
        from pathlib import Path

        self.stdout.write(f"已生成 {build_template(Path(to))}")
