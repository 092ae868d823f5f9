from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "把 backup 生成的目录恢复到空数据库和空附件目录，并按清单核对条数和每个附件。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="backup 输出的目录")
        parser.add_argument("--force", action="store_true", help="目标数据库或附件目录不为空时也恢复（覆盖）")

    def handle(self, *args, source, force, **options):
        try:
            counts = restore(Path(source), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复并核对：任务 {counts['tasks']} 条，进展报告 {counts['reports']} 条，附件 {counts['attachments']} 个。")
