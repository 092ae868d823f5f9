"""The sender: record each reminder first (unique key), then deliver it exactly once.

1. Record: the rows planned for a run are inserted with ON CONFLICT DO NOTHING
   on their unique `key`; a second sweep, a redelivered Celery message or a
   second beat therefore records nothing new. A row whose tasks are all
   covered by a reminder already recorded today (same agency, kind, channel)
   is not recorded either: a re-run after a report came in sends no repeat.
2. Deliver: every pending or failed row (of this run or an earlier, killed
   one) is claimed with SELECT … FOR UPDATE SKIP LOCKED, so two concurrent
   runs never take the same row; it is marked sent in the same transaction.
   In-app notifications are rows of the same database, so they are exactly
   once. E-mail and webhooks leave the database: a worker killed between the
   send and the commit sends that one message again on the next run (at least
   once), which is why webhooks carry the key in an `Idempotency-Key` header.
"""

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from ops import heartbeat
from reminders.dues import Due, ReminderContext, escalation_dues, reminder_context, roll_call_dues, sweep_dues
from reminders.plan import INBOX_URLS, Directory, plan_rows

from .choices import Channel, DeliveryStatus, ReminderKind
from .models import Notification, Reminder

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # runs that may try a failing row; then it stays failed for the office to see
INBOX_CHUNK = 500
RETRYABLE = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
SWEEP_KINDS = (ReminderKind.UPCOMING, ReminderKind.OVERDUE)
ONCE_PER_PERIOD = (ReminderKind.ROLL_CALL, ReminderKind.OFFICE_DIGEST)


@dataclass
class Outcome:
    sent: int = 0
    emails: int = 0
    notifications: int = 0
    webhooks: int = 0
    already_sent: int = 0
    failed: int = 0
    holiday: str = ""  # set when the run fell on a non-working day and sent nothing (why, in words)
    lines: list[str] = field(default_factory=list)

    def add(self, other: "Outcome") -> "Outcome":
        for name in ("sent", "emails", "notifications", "webhooks", "already_sent", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lines += other.lines
        self.holiday = self.holiday or other.holiday
        return self

    def summary(self) -> str:
        counts = (f"sent {self.sent} reminders ({self.emails} e-mails, {self.notifications} notifications, "
                  f"{self.webhooks} webhooks), {self.already_sent} already sent")
        return f"{counts}; 非工作日，未发送" if self.holiday else counts

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "lines"}


def describe(row: Reminder, name: str) -> str:
    return f"[{row.get_kind_display()}] {name} · {row.get_channel_display()} → {row.recipient}：{row.subject}"


def _group(kind: str) -> tuple[str, ...]:
    return SWEEP_KINDS if kind in SWEEP_KINDS else (kind,)


def reminders_record(*, rows: list[Reminder], directory: Directory, dry_run: bool = False) -> Outcome:
    """Insert the rows not yet recorded (ON CONFLICT DO NOTHING); count those already sent."""
    outcome = Outcome()
    if not rows:
        return outcome
    existing = Reminder.objects.filter(
        period__in={r.period for r in rows}, kind__in={r.kind for r in rows}
    ).values_list("key", "agency_id", "kind", "channel", "period", "task_ids", "status")
    statuses, covered = {}, {}
    for key, agency_id, kind, channel, period, task_ids, status in existing:
        statuses[key] = status
        slot = (agency_id, _group(kind), channel, period)
        covered.setdefault(slot, set()).update(task_ids)
    new = []
    for row in rows:
        slot = (row.agency_id, _group(row.kind), row.channel, row.period)
        if row.key in statuses:
            outcome.already_sent += statuses[row.key] == DeliveryStatus.SENT
        elif slot in covered and (row.kind in ONCE_PER_PERIOD or set(row.task_ids) <= covered[slot]):
            outcome.already_sent += 1
        else:
            new.append(row)
    if dry_run:
        outcome.lines += ["（试运行）" + describe(r, directory.name(r.agency_id)) for r in new]
        outcome.sent = len(new)
        outcome.emails = sum(r.channel == Channel.EMAIL for r in new)
        outcome.webhooks = sum(r.channel == Channel.WEBHOOK for r in new)
        outcome.notifications = sum(getattr(r, "audience", 0) for r in new)
        return outcome
    # Concurrent runs may insert the same keys in between: the unique key makes that a no-op.
    Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return outcome


def _retryable():
    return Reminder.objects.filter(status__in=RETRYABLE, attempts__lt=MAX_ATTEMPTS)


def _mark(row: Reminder, ok: bool, error: str = "", now=None) -> None:
    row.attempts += 1
    row.status = DeliveryStatus.SENT if ok else DeliveryStatus.FAILED
    row.last_error = "" if ok else error[:2000]
    row.sent_at = (now or timezone.now()) if ok else None


def deliver_inbox(*, outcome: Outcome, office_emails=()) -> None:
    """In-app notifications: a chunk of rows and their notifications in one transaction each."""
    while True:
        with transaction.atomic():
            rows = list(_retryable().filter(channel=Channel.INBOX).select_for_update(skip_locked=True)
                        .order_by("id")[:INBOX_CHUNK])
            if not rows:
                return
            directory = Directory({r.agency_id for r in rows}, office_emails)
            notes = []
            for row in rows:
                users = directory.inbox_users(row.kind, row.agency_id)
                notes += [
                    Notification(recipient_id=uid, reminder=row, title=row.subject, body=row.body,
                                 url=INBOX_URLS.get(row.kind, ""))
                    for uid in users
                ]
                _mark(row, True)
                row.last_error = "" if users else "该单位暂无可接收站内消息的用户"
                outcome.lines.append(describe(row, directory.name(row.agency_id)) + f"（{len(users)} 人）")
            # The rows are locked and pending, so none of these notifications exists yet;
            # ignore_conflicts only guards the (recipient, reminder) constraint.
            Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=1000)
            Reminder.objects.bulk_update(rows, ["status", "attempts", "last_error", "sent_at"])
            outcome.sent += len(rows)
            outcome.notifications += len(notes)


def post_webhook(url: str, payload: dict, *, key: str) -> None:
    """POST JSON with a timeout; retry timeouts, connection errors and 5xx with exponential backoff."""
    timeout = getattr(settings, "REMINDER_WEBHOOK_TIMEOUT", 5)
    retries = getattr(settings, "REMINDER_WEBHOOK_RETRIES", 3)
    backoff = getattr(settings, "REMINDER_WEBHOOK_BACKOFF", 1.0)
    data = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
    # Intranet robots are reached directly, never through a proxy from the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    error = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            with opener.open(urllib.request.Request(url, data=data, headers=headers, method="POST"),
                             timeout=timeout) as response:
                response.read()
                return
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code not in (408, 429):
                break  # the robot refused the message: retrying will not help
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    raise WebhookError(f"Webhook 发送失败（{retries + 1} 次尝试）：{error}")


class WebhookError(Exception):
    pass


def webhook_payload(row: Reminder, name: str) -> dict:
    """Enterprise-messenger robot format (msgtype/text), plus the reminder's data for other receivers."""
    return {
        "msgtype": "text",
        "text": {"content": f"{row.subject}\n\n{row.body}"},
        "reminder": {"key": row.key, "kind": row.kind, "period": row.period, "agency": name,
                     "task_ids": row.task_ids},
    }


def _send_one(row: Reminder, directory: Directory, connection) -> None:
    name = directory.name(row.agency_id)
    if row.channel == Channel.EMAIL:
        to = directory.emails(row.kind, row.agency_id)
        if not to:
            raise ValueError("没有可用的收件邮箱")
        EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()
    else:
        url = directory.webhook(row.kind, row.agency_id)
        if not url:
            raise ValueError("该单位未配置 Webhook")
        post_webhook(url, webhook_payload(row, name), key=row.key)


def deliver_external(*, outcome: Outcome, office_emails=()) -> None:
    """E-mail and webhooks, one row per transaction: a crash repeats at most the row in flight."""
    pending = list(_retryable().exclude(channel=Channel.INBOX).order_by("id").values_list("id", "agency_id"))
    if not pending:
        return
    directory = Directory({agency_id for _, agency_id in pending}, office_emails)
    connection = get_connection()  # opened per message by the backend: a dead SMTP server fails rows, not the run
    for row_id, _ in pending:
        with transaction.atomic():
            row = _retryable().select_for_update(skip_locked=True).filter(pk=row_id).first()
            if row is None:
                continue  # another run holds it or has sent it
            try:
                _send_one(row, directory, connection)
            except Exception as exc:  # noqa: BLE001 - any failure of one channel is recorded, never fatal
                _mark(row, False, str(exc))
                outcome.failed += 1
                logger.warning("提醒发送失败 %s：%s", row.key, exc)
                outcome.lines.append(describe(row, directory.name(row.agency_id)) + f"（失败：{exc}）")
            else:
                _mark(row, True)
                outcome.sent += 1
                outcome.emails += row.channel == Channel.EMAIL
                outcome.webhooks += row.channel == Channel.WEBHOOK
                outcome.lines.append(describe(row, directory.name(row.agency_id)))
            row.save(update_fields=["status", "attempts", "last_error", "sent_at"])


def reminders_deliver(*, rctx: ReminderContext) -> Outcome:
    """Send every recorded reminder that is not sent yet, whichever run recorded it."""
    outcome = Outcome()
    deliver_inbox(outcome=outcome, office_emails=rctx.office_emails)
    deliver_external(outcome=outcome, office_emails=rctx.office_emails)
    return outcome


def _holiday(rctx: ReminderContext) -> Outcome | None:
    """On a non-working day nothing is recorded or sent: what falls due is sent by the next working day's run
    (red and yellow are recomputed then, the roll call runs from its day to the month's end)."""
    notice = rctx.holiday_notice()
    if not notice:
        return None
    logger.info("提醒：%s", notice)
    return Outcome(holiday=notice, lines=[notice])


def _run(dues_for, *, today, dry_run: bool, rctx: ReminderContext | None = None) -> Outcome:
    rctx = rctx or reminder_context(today)
    held = _holiday(rctx)
    if held is not None:
        return held
    dues: list[Due] = dues_for(rctx)
    rows, directory = plan_rows(dues, rctx)
    outcome = reminders_record(rows=rows, directory=directory, dry_run=dry_run)
    if not dry_run:
        outcome.add(reminders_deliver(rctx=rctx))
    return outcome


def reminders_sweep(*, today=None, dry_run: bool = False) -> Outcome:
    """The daily sweep: red and yellow tasks, one reminder per agency and channel."""
    outcome = _run(sweep_dues, today=today, dry_run=dry_run)
    if not dry_run:
        heartbeat.beat("reminder_sweep", every=None)  # /healthz/ and the office banner: the sweep ran
    return outcome


def reminders_escalate(*, today=None, dry_run: bool = False) -> Outcome:
    """Long-overdue tasks to the agency heads, and the office's daily digest."""
    return _run(escalation_dues, today=today, dry_run=dry_run)


def reminders_roll_call(*, today=None, dry_run: bool = False) -> Outcome:
    """The monthly roll call (一月一调度), from the roll-call day on, once per agency and month."""
    return _run(roll_call_dues, today=today, dry_run=dry_run)


def reminders_run_all(*, today=None, dry_run: bool = False) -> Outcome:
    """Everything the beat schedule runs in a day, in one go (the send_reminders command)."""
    rctx = reminder_context(today)
    outcome = _holiday(rctx)
    if outcome is None:
        outcome = Outcome()
        for dues_for in (sweep_dues, escalation_dues, roll_call_dues):
            outcome.add(_run(dues_for, today=today, dry_run=dry_run, rctx=rctx))
    if not dry_run:
        heartbeat.beat("reminder_sweep", every=None)
    return outcome
