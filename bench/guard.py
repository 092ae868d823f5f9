"""Refuse to fill or wipe anything but a benchmark database."""

from django.core.management.base import CommandError
from django.db import connection

BENCH_SUFFIX = "_bench"


def require_bench_database(force: bool) -> str:
    if connection.vendor != "postgresql":
        raise CommandError("压测数据只能写入 PostgreSQL（需要 COPY）；请设置 DATABASE_URL 指向 PostgreSQL。")
    name = connection.settings_dict["NAME"]
    if not name.endswith(BENCH_SUFFIX) and not force:
        raise CommandError(
            f"数据库 {name!r} 不是压测库（库名须以 {BENCH_SUFFIX} 结尾）。为免误删真实数据，拒绝执行；"
            "确需写入请加 --force。"
        )
    return name
