"""`make surge`: the month-end surge against gunicorn, measured with locust (see bench/surge/)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.guard import require_bench_database
from bench.surge.run import SurgeOptions, finish, run


class Command(BaseCommand):
    help = "月末高峰压测：gunicorn（生产设置）+ Celery worker，locust 模拟 300 名联络员报送、20 名领导刷新驾驶舱。"

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=float, default=10, help="高峰时长（分钟，默认 10）")
        parser.add_argument("--idle-seconds", type=int, default=180, help="空闲基线时长（秒，默认 180）")
        parser.add_argument("--liaisons", type=int, default=300)
        parser.add_argument("--leaders", type=int, default=20)
        parser.add_argument("--tasks", type=int, default=100_000, help="库中任务不足时生成的任务数")
        parser.add_argument("--port", type=int, default=8460)
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                            help="gunicorn worker 数（默认 2×核数+1）")
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
        parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/7")
        parser.add_argument("--locust", default=".venv-surge/bin/locust", help="locust（独立虚拟环境）")
        parser.add_argument("--page-think", default="5,15", help="翻页思考时间，秒（低,高）")
        parser.add_argument("--form-think", default="60,180", help="填写报送表的时间，秒（低,高）")
        parser.add_argument("--report-only", action="store_true",
                            help="不再压测，只按上次压测留在 bench-results/surge/ 的结果重新核对并出表")
        parser.add_argument("--leader-think", default="20,40", help="领导两次刷新驾驶舱的间隔，秒（低,高）")

    def handle(self, *args, **o):
        require_bench_database(force=False)
        if o["report_only"]:
            finish(log=self.stdout.write)
            return
        if o["minutes"] <= 0 or o["idle_seconds"] <= 0 or o["liaisons"] < 1 or o["leaders"] < 0:
            raise CommandError("时长须为正数，联络员至少 1 名，领导不能为负数。")
        if not Path(o["locust"]).exists():
            raise CommandError(f"找不到 locust：{o['locust']}（make surge 会建立 .venv-surge）")
        for name in ("page_think", "form_think", "leader_think"):
            try:
                low, high = (float(x) for x in o[name].split(","))
            except ValueError as exc:
                raise CommandError(f"--{name.replace('_', '-')} 应为“低,高”两个秒数，如 3,10。") from exc
            if not 0 <= low <= high:
                raise CommandError(f"--{name.replace('_', '-')} 的秒数须满足 0 ≤ 低 ≤ 高。")
        result = run(SurgeOptions(
            minutes=o["minutes"], idle_seconds=o["idle_seconds"], liaisons=o["liaisons"], leaders=o["leaders"],
            tasks=o["tasks"], port=o["port"], workers=o["workers"], redis_url=o["redis_url"],
            broker_url=o["broker_url"], locust=o["locust"], page_think=o["page_think"], form_think=o["form_think"],
            leader_think=o["leader_think"]), log=self.stdout.write)
        if result["failed"]:
            self.stdout.write(self.style.WARNING(f"{result['failed']} 项未达标（见 bench-results/surge.md）"))
