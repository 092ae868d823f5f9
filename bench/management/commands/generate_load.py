"""Fill a benchmark database with realistic data at scale (see bench/generate.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from agencies.models import Agency
from bench.copyio import truncate_domain, vacuum_analyze
from bench.generate import LoadSpec, generate
from bench.guard import require_bench_database
from documents.models import Document
from tasks.models import Task


class Command(BaseCommand):
    help = "生成压测数据（仅限库名以 _bench 结尾的 PostgreSQL 数据库）：文件、任务、分工、进展报送、销号记录、联络员账号。"

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000, help="任务数（默认 100000）")
        parser.add_argument("--agencies", type=int, default=500, help="单位数（默认 500）")
        parser.add_argument("--reports", type=int, default=500_000, help="进展报送数（默认 500000）")
        parser.add_argument("--seed", type=int, default=20210414, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--reset", action="store_true", help="先清空单位、文件、任务、报送、用户等业务表")
        parser.add_argument("--force", action="store_true", help="允许写入库名不以 _bench 结尾的数据库（慎用）")

    def handle(self, *args, **opts):
        if min(opts["tasks"], opts["agencies"]) < 1 or opts["reports"] < 0:
            raise CommandError("任务数和单位数须为正整数，报送数不能为负。")
        name = require_bench_database(opts["force"])
        spec = LoadSpec(tasks=opts["tasks"], agencies=opts["agencies"], reports=opts["reports"], seed=opts["seed"])
        started = time.perf_counter()
        with transaction.atomic():
            if opts["reset"]:
                truncate_domain()
                self.stdout.write(f"已清空 {name} 的业务表")
            elif Task.objects.exists() or Document.objects.exists() or Agency.objects.exists():
                raise CommandError(f"数据库 {name} 中已有数据；如需清空后重新生成，请加 --reset。")
            counts = generate(spec, log=self.stdout.write)
        if not connection.in_atomic_block:
            # As autovacuum would on a live database: the visibility map lets index-only scans skip the heap.
            vacuumed = time.perf_counter()
            vacuum_analyze()
            self.stdout.write(f"  VACUUM ANALYZE: {time.perf_counter() - vacuumed:.1f} s")
        summary = "，".join(f"{k} {v:,}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"生成完成，用时 {time.perf_counter() - started:.1f} s：{summary}"))
