"""`manage.py health`: the /healthz/ report on the command line; exit 1 when unhealthy.

For containers without a web server (beat, worker): `manage.py health --only celery_beat`.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ops.health import report


class Command(BaseCommand):
    help = "检查数据库、Redis、迁移、每日提醒扫描与定时调度心跳；不健康时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[],
                            help="只判断这些检查项（database、redis、migrations、reminder_sweep、celery_beat）")

    def handle(self, *args, only, **options):
        body = report()
        unknown = set(only) - set(body["checks"])
        if unknown:
            raise CommandError(f"未知的检查项：{'、'.join(sorted(unknown))}")
        checks = {name: body["checks"][name] for name in (only or body["checks"])}
        problems = [p for p in body["problems"] if p["key"].startswith(tuple(checks))]
        self.stdout.write(json.dumps({"checks": checks, "problems": problems}, ensure_ascii=False))
        if not all(check["ok"] for check in checks.values()):
            raise CommandError("不健康：" + "；".join(p["message"] for p in problems), returncode=1)
