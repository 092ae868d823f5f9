"""The sender: record each reminder first (unique key), then deliver it exactly once.

1. Record: the rows planned for a run are inserted with ON CONFLICT DO NOTHING
   on their unique `key`; a second sweep, a redelivered Celery message or a
   second beat therefore records nothing new. A row whose tasks are all
   covered by a reminder already recorded today (same agency, kind, channel)
   is not recorded either: a re-run after a report came in sends no repeat.
2. Deliver: in-app notifications are rows of the same database, written in
   the transaction that marks their reminder sent (SELECT … FOR UPDATE SKIP
   LOCKED): exactly once. E-mail and webhooks leave the database: they go
   through the outbox (reminders/outbox.py), sent outside any transaction and
   retried in time; a worker killed mid-send repeats that one message (at least
   once), which is why e-mails carry a Message-ID and webhooks an
   Idempotency-Key derived from the reminder's key.
"""

import logging
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from ops import heartbeat
from reminders.ack_dues import ack_overdue_dues, mark_ack_reminded
from reminders.dues import Due, ReminderContext, escalation_dues, reminder_context, roll_call_dues, sweep_dues
from reminders.plan import Directory, inbox_url, plan_rows

from . import outbox
from .catch_up import missed_jobs
from .choices import Channel, DeliveryStatus, ReminderKind
from .models import Notification, Reminder
from .outbox import RETRYABLE, kind_group

logger = logging.getLogger(__name__)

INBOX_CHUNK = 500
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
        slot = (agency_id, kind_group(kind), channel, period)
        covered.setdefault(slot, set()).update(task_ids)
    new = []
    for row in rows:
        slot = (row.agency_id, kind_group(row.kind), row.channel, row.period)
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


def deliver_inbox(*, outcome: Outcome, office_emails=(), keys=None) -> None:
    """In-app notifications: a chunk of rows and their notifications in one transaction each.

    `keys`: only these rows (a notice delivered inside the transaction that records it).
    """
    while True:
        with transaction.atomic():
            rows = Reminder.objects.filter(status__in=RETRYABLE, channel=Channel.INBOX)
            if keys is not None:
                rows = rows.filter(key__in=keys)
            rows = list(rows.select_for_update(skip_locked=True).order_by("id")[:INBOX_CHUNK])
            if not rows:
                return
            directory = Directory({r.agency_id for r in rows}, office_emails)
            notes = []
            for row in rows:
                users = directory.inbox_users(row.kind, row.agency_id)
                notes += [
                    Notification(recipient_id=uid, reminder=row, title=row.subject, body=row.body,
                                 url=inbox_url(row))
                    for uid in users
                ]
                row.attempts += 1
                row.status, row.sent_at = DeliveryStatus.SENT, timezone.now()
                row.last_error = "" if users else "该单位暂无可接收站内消息的用户"
                outcome.lines.append(describe(row, directory.name(row.agency_id)) + f"（{len(users)} 人）")
            # The rows are locked and pending, so none of these notifications exists yet;
            # ignore_conflicts only guards the (recipient, reminder) constraint.
            Notification.objects.bulk_create(notes, ignore_conflicts=True, batch_size=1000)
            Reminder.objects.bulk_update(rows, ["status", "attempts", "last_error", "sent_at"])
            outcome.sent += len(rows)
            outcome.notifications += len(notes)


def deliver_external(*, outcome: Outcome, office_emails=()) -> None:
    """E-mail and webhooks through the outbox (reminders/outbox.py): each due row claimed, sent outside
    any transaction, its outcome recorded; a crash repeats at most the row in flight."""
    outbox.drop_stale()
    pending = list(outbox.due_rows().exclude(channel=Channel.INBOX).order_by("id").values_list("id", "agency_id"))
    if not pending:
        return
    directory = Directory({agency_id for _, agency_id in pending}, office_emails)
    connection = get_connection()  # opened per message by the backend: a dead SMTP server fails rows, not the run
    for row_id, _ in pending:
        row = outbox.claim(row_id)
        if row is None:
            continue  # another run holds it or has sent it
        try:
            outbox.send_one(row, directory, connection)
        except Exception as exc:  # noqa: BLE001 - any failure of one channel is recorded, never fatal
            outbox.finish(row, str(exc) or type(exc).__name__)
            outcome.failed += 1
            logger.warning("提醒发送失败 %s（第 %s 次，%s 后重试）：%s", row.key, row.attempts,
                           row.next_attempt_at, exc)
            outcome.lines.append(describe(row, directory.name(row.agency_id)) + f"（失败：{exc}）")
        else:
            outbox.finish(row)
            outcome.sent += 1
            outcome.emails += row.channel == Channel.EMAIL
            outcome.webhooks += row.channel == Channel.WEBHOOK
            outcome.lines.append(describe(row, directory.name(row.agency_id)))


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


def reminders_ack_overdue(*, today=None, dry_run: bool = False, deliver: bool = True) -> Outcome:
    """Parts not acknowledged within the office's N working days: one reminder each, ever (ack_dues).

    `deliver=False` records only: the sweep runs it first and then delivers everything once, so a failing
    channel is tried once per run, as for every other reminder."""
    rctx = reminder_context(today)
    held = _holiday(rctx)
    if held is not None:
        return held  # N working days: a holiday neither counts nor reminds
    dues, assignment_ids = ack_overdue_dues(rctx)
    rows, directory = plan_rows(dues, rctx)
    with transaction.atomic():  # recorded and marked together: a crash in between reminds again, never twice
        outcome = reminders_record(rows=rows, directory=directory, dry_run=dry_run)
        if not dry_run:
            mark_ack_reminded(assignment_ids)
    if deliver and not dry_run:
        outcome.add(reminders_deliver(rctx=rctx))
    return outcome


def reminders_sweep(*, today=None, dry_run: bool = False) -> Outcome:
    """The daily sweep: red and yellow tasks, one reminder per agency and channel; parts not acknowledged."""
    rctx = reminder_context(today)
    outcome = _holiday(rctx)
    if outcome is None:
        outcome = reminders_ack_overdue(today=today, dry_run=dry_run, deliver=False)
        outcome.add(_run(sweep_dues, today=today, dry_run=dry_run, rctx=rctx))
    if not dry_run:
        heartbeat.beat("reminder_sweep", every=None)  # /healthz/ and the office banner: the sweep ran
    return outcome


def reminders_escalate(*, today=None, dry_run: bool = False) -> Outcome:
    """Long-overdue tasks to the agency heads, and the office's daily digest."""
    outcome = _run(escalation_dues, today=today, dry_run=dry_run)
    if not dry_run:
        heartbeat.beat("reminder_escalation", every=None)  # reminders/catch_up.py: it ran today
    return outcome


def reminders_roll_call(*, today=None, dry_run: bool = False) -> Outcome:
    """The monthly roll call (一月一调度), from the roll-call day on, once per agency and month."""
    outcome = _run(roll_call_dues, today=today, dry_run=dry_run)
    if not dry_run:
        heartbeat.beat("reminder_roll_call", every=None)
    return outcome


CATCH_UP = {"daily-reminder-sweep": reminders_sweep, "daily-escalation-digest": reminders_escalate,
            "monthly-roll-call": reminders_roll_call}


def reminders_drain() -> Outcome:
    """The outbox drain (every few minutes and at worker start): first a daily job that missed its minute
    today (reminders/catch_up.py), then whatever is due: pending rows a crash left, retries whose time came."""
    outcome = Outcome()
    for entry in missed_jobs():
        logger.warning("定时任务 %s 今天未按时运行，现在补跑", entry)
        outcome.add(CATCH_UP[entry]())
    outcome.add(reminders_deliver(rctx=reminder_context(None)))
    return outcome


def reminders_run_all(*, today=None, dry_run: bool = False) -> Outcome:
    """Everything the beat schedule runs in a day, in one go (the send_reminders command)."""
    rctx = reminder_context(today)
    outcome = _holiday(rctx)
    if outcome is None:
        outcome = reminders_ack_overdue(today=today, dry_run=dry_run, deliver=False)
        for dues_for in (sweep_dues, escalation_dues, roll_call_dues):
            outcome.add(_run(dues_for, today=today, dry_run=dry_run, rctx=rctx))
    if not dry_run:
        for name in ("reminder_sweep", "reminder_escalation", "reminder_roll_call"):
            heartbeat.beat(name, every=None)
    return outcome
