"""python manage.py parse_document PATH [--json]: run the parser on a file; touches no table."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.parsing import ParseError, parse_bytes, to_gold_dict


class Command(BaseCommand):
    help = "解析一个方案文件（.txt/.docx），打印识别结果；不写数据库。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="要解析的文件路径")
        parser.add_argument("--json", action="store_true", help="输出 gold 格式的 JSON")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            doc = parse_bytes(file.read_bytes(), file.name)
        except ParseError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(to_gold_dict(doc, file=file.name), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{doc.doc_number or '（无文号）'}  {doc.title or ''}")
        self.stdout.write(f"发文机关：{doc.issuer or '—'}  日期：{doc.issue_date or '—'}  年度：{doc.year or '—'}")
        for plan in doc.plans:
            flag = "（不完整）" if plan.truncated else ""
            self.stdout.write(f"方案《{plan.title}》{flag}：{len(plan.sections)} 个部分，{len(plan.tasks)} 项任务")
        if doc.global_co:
            self.stdout.write("全部任务的责任单位：" + "、".join(doc.global_co))
        for warning in doc.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
