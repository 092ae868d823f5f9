"""`make bench`: create, migrate and fill the benchmark database if needed, then measure (bench/)."""

from django.core.management.base import BaseCommand, CommandError

from bench.environment import ensure_database, ensure_load, vacuum_like_autovacuum
from bench.guard import require_bench_database
from bench.runner import SECTIONS, run


class Command(BaseCommand):
    help = "压测：在 _bench 数据库上（缺则创建、迁移并生成数据）测量解析、接口、驾驶舱、列表、提醒扫描与导出，输出一张表。"

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--agencies", type=int, default=500)
        parser.add_argument("--reports", type=int, default=500_000)
        parser.add_argument("--iterations", type=int, default=30, help="每个请求计时的次数（另有 3 次预热）")
        parser.add_argument("--regenerate", action="store_true", help="无论数据量如何都重新生成")
        parser.add_argument("--only", default="", help=f"只测其中几项，逗号分隔：{','.join(SECTIONS)}")
        parser.add_argument("--force", action="store_true", help="允许库名不以 _bench 结尾（慎用）")

    def handle(self, *args, **opts):
        only = {s.strip() for s in opts["only"].split(",") if s.strip()}
        if only - set(SECTIONS):
            raise CommandError(f"未知的测量项：{', '.join(sorted(only - set(SECTIONS)))}")
        require_bench_database(opts["force"])
        if ensure_database():
            self.stdout.write("已创建压测数据库")
        counts = ensure_load(tasks=opts["tasks"], agencies=opts["agencies"], reports=opts["reports"],
                             regenerate=opts["regenerate"], log=self.stdout.write)
        vacuum_like_autovacuum(self.stdout.write)
        rows, table = run(iterations=opts["iterations"], only=only, counts=counts, log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(table)
        self.stdout.write("结果已写入 bench-results/latest.json 与 bench-results/latest.md")
