"""python manage.py import_document PATH [--replace] [--create-missing-agencies]: parse and save one plan."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from documents.parsing import ParseError
from importing.selectors import document_counts
from importing.services import DocumentImportError, document_import, document_preview


def summary_line(document, counts: dict[str, int], created_agencies: int = 0, verb: str = "导入") -> str:
    line = (
        f"已{verb} {document.doc_number or '（无文号）'}《{document.title}》：方案 {counts['plans']} 个，"
        f"部分 {counts['sections']} 个，任务 {counts['tasks']} 项（时限为推定 {counts['inferred']} 项，"
        f"无时限 {counts['no_deadline']} 项，周期性 {counts['recurring']} 项），"
        f"分工 {counts['lead'] + counts['co']} 条（牵头 {counts['lead']}，配合 {counts['co']}）"
    )
    return line + (f"，新建单位 {created_agencies} 个" if created_agencies else "")


class Command(BaseCommand):
    help = "导入一个方案文件（.txt/.docx）：解析、匹配责任单位并保存；全部成功或全部不写入。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="方案文件路径")
        parser.add_argument("--replace", action="store_true", help="替换同文号的已导入文件（保留内容未变任务的进展）")
        parser.add_argument(
            "--create-missing-agencies", action="store_true", help="为未能匹配的单位名称新建责任单位"
        )

    def handle(self, *args, path, replace, create_missing_agencies, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            preview = document_preview(data=file.read_bytes(), filename=file.name)
        except ParseError as exc:
            raise CommandError(f"无法导入 {file.name}：{exc}") from exc
        for warning in preview.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
        agencies_before = Agency.objects.count()
        try:
            document = document_import(
                parsed=preview.parsed, create_missing=create_missing_agencies, replace=replace,
                original_text=preview.original_text, source_filename=file.name,
            )
        except DocumentImportError as exc:
            for name in exc.unresolved:
                places = "、".join(preview.unresolved.get(name, []))
                self.stderr.write(f"未匹配：{name}" + (f"（任务 {places}）" if places else ""))
            if exc.unresolved:
                raise CommandError(f"{exc}\n可在单位清单中补充别名，或加 --create-missing-agencies 新建这些单位。") from exc
            raise CommandError(str(exc)) from exc
        created = Agency.objects.count() - agencies_before
        self.stdout.write(self.style.SUCCESS(summary_line(
            document, document_counts(document=document), created, verb="替换" if preview.existing else "导入"
        )))
