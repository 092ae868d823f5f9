"""`make bench`: create, migrate and fill the benchmark database if needed, then measure (bench/).

`--scale N` (`make bench SCALE=N`): the same at 10k, 100k and N tasks, one database per scale, one table.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.environment import ensure_database, ensure_load, vacuum_like_autovacuum
from bench.guard import require_bench_database
from bench.runner import SECTIONS, run, run_scales


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
        parser.add_argument("--scale", type=int, default=0,
                            help="多规模压测：在 1 万、10 万与该任务数上各测一遍（每个规模一个 _bench 库），输出一张表")
        parser.add_argument("--results", default="", help="结果目录（默认 bench-results/）")
        parser.add_argument("--exact", action="store_true", help="数据量超过所需 10%% 以上时也重新生成（多规模压测用）")

    def handle(self, *args, **opts):
        only = {s.strip() for s in opts["only"].split(",") if s.strip()}
        if only - set(SECTIONS):
            raise CommandError(f"未知的测量项：{', '.join(sorted(only - set(SECTIONS)))}")
        name = require_bench_database(opts["force"])
        if opts["scale"]:
            if opts["scale"] < 1_000:
                raise CommandError("--scale 须为不少于 1000 的任务数，例如 1000000。")
            table = run_scales(top=opts["scale"], iterations=opts["iterations"], only=opts["only"],
                               log=self.stdout.write)
            self.stdout.write("")
            self.stdout.write(table)
            self.stdout.write("结果已写入 bench-results/latest.json 与 bench-results/latest.md"
                              f"（各规模的明细在 bench-results/<规模>/；基准库 {name} 未改动）")
            return
        if ensure_database():
            self.stdout.write("已创建压测数据库")
        counts = ensure_load(tasks=opts["tasks"], agencies=opts["agencies"], reports=opts["reports"],
                             regenerate=opts["regenerate"], log=self.stdout.write, exact=opts["exact"])
        vacuum_like_autovacuum(self.stdout.write)
        results = Path(opts["results"]) if opts["results"] else Path(settings.BASE_DIR) / "bench-results"
        rows, table = run(iterations=opts["iterations"], only=only, counts=counts, log=self.stdout.write,
                          results=results)
        self.stdout.write("")
        self.stdout.write(table)
        self.stdout.write(f"结果已写入 {results}/latest.json 与 latest.md")
