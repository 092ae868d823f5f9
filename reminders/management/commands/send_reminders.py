"""Run the day's reminders without Celery: sweep, escalation and digest, roll call."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders.delivery import reminders_run_all


def _parse_day(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise CommandError(f"日期格式不正确：{value!r}，应为 YYYY-MM-DD，例如 2021-09-30。") from exc


class Command(BaseCommand):
    help = "发送今日提醒（临期/逾期提醒、逾期升级与督查室日报、月度调度），与定时任务运行同一套代码。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不发送、不写入数据库")
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD），默认今天（北京时间）")

    def handle(self, *args, dry_run=False, date=None, **options):
        today = _parse_day(date) if date else None
        outcome = reminders_run_all(today=today, dry_run=dry_run)
        for line in outcome.lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(
                f"试运行：将发送 {outcome.sent} 条提醒（{outcome.emails} 封邮件、{outcome.notifications} 条站内消息、"
                f"{outcome.webhooks} 次 Webhook），未写入数据库"
            )
            outcome.sent = outcome.emails = outcome.notifications = outcome.webhooks = 0
        elif outcome.failed:
            self.stdout.write(f"{outcome.failed} 条提醒发送失败，将在下次运行时重试")
        self.stdout.write(outcome.summary())
