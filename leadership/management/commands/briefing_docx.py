"""Writes the 通报 .docx the office would download, from the configured database (for `make briefing-preview`)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from agencies.choices import Role
from agencies.roles import Actor
from fangguanfu.domain_errors import InvalidInput
from leadership.briefing import briefing_context, render_briefing
from leadership.changes import parse_since
from tasks.models import Task


class Command(BaseCommand):
    help = "按督查室视角生成通报 .docx（与 /api/briefing.docx 相同），供转成 PDF/PNG 查看版式"

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="输出的 .docx 路径")
        parser.add_argument("--since", default="", help="起始日期 YYYY-MM-DD，默认上次调度会")
        parser.add_argument("--demo-if-empty", action="store_true",
                            help="库中没有任务时先运行 setup_demo（演示数据），免得通报一片空白")

    def handle(self, *args, to, since, demo_if_empty, **options):
        if demo_if_empty and not Task.objects.exists():
            call_command("setup_demo")
        try:
            day = parse_since(since)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        # The office's view: everything, as the API gives it to 督查室.
        context = briefing_context(actor=Actor(role=Role.OFFICE, agency_id=None), since=day)
        path = Path(to)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_briefing(context))
        self.stdout.write(f"已生成 {path}（{context['title']}）")
