from django.core.management.base import BaseCommand, CommandError

from agencies.services import DEFAULT_AGENCY_FIXTURE, AgencyLoadError, agencies_load


class Command(BaseCommand):
    help = "从单位清单文件载入责任单位、别名和集合名称（可重复运行，结果不变）。"

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(DEFAULT_AGENCY_FIXTURE), help="单位清单（YAML 或 JSON）")

    def handle(self, *args, path, **options):
        try:
            result = agencies_load(path=path)
        except AgencyLoadError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"责任单位：新建 {result.created}，更新 {result.updated}，未变 {result.unchanged}。")
        )
