"""python manage.py import_seeds: import every seed plan not imported yet (run by `make run`; idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.parsing import ParseError
from importing.selectors import document_counts
from importing.services import DocumentImportError, document_import, document_preview, is_collective_name

from .import_document import summary_line

SEED_DIR = Path(settings.BASE_DIR) / "fixtures" / "documents"


class Command(BaseCommand):
    help = "导入 fixtures/documents/ 中尚未导入的方案文件；已导入的跳过，可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", default=str(SEED_DIR), help="方案文件目录（默认 fixtures/documents/）")

    def handle(self, *args, directory, **options):
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(f"目录不存在：{folder}")
        failures = []
        for file in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".docx")):
            try:
                self._import_one(file)
            except (ParseError, DocumentImportError) as exc:
                failures.append(file.name)
                self.stderr.write(f"{file.name}：{exc}")
        if failures:
            raise CommandError(f"{len(failures)} 个文件未导入：" + "、".join(failures))

    def _import_one(self, file: Path) -> None:
        preview = document_preview(data=file.read_bytes(), filename=file.name)
        if preview.existing or (
            not preview.parsed.doc_number and Document.objects.filter(source_filename=file.name).exists()
        ):
            self.stdout.write(f"{file.name}：已导入，跳过")
            return
        # Generic groups (省直相关部门, 有关单位…) may be created as collective names;
        # a specific unit that does not resolve belongs in fixtures/agencies.yaml instead.
        mapping = {n: None for n in preview.unresolved if is_collective_name(n) and n not in preview.ambiguous}
        document = document_import(
            parsed=preview.parsed, mapping=mapping, original_text=preview.original_text, source_filename=file.name
        )
        counts = document_counts(document=document)
        self.stdout.write(self.style.SUCCESS(f"{file.name}：" + summary_line(document, counts, len(mapping))))
