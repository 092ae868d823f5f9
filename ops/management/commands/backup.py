from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（pg_dump 自定义格式）和附件目录到一个带时间戳的目录，附清单（条数与校验和）。"

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="备份存放的目录（默认 backups/）")

    def handle(self, *args, to, **options):
        try:
            out = backup(Path(to))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(out))
