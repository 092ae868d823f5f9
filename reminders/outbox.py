"""The outbox: e-mail and webhook reminders are rows, sent outside any transaction, retried in time.

A row is due when `next_attempt_at` is empty or past. Sending one:
1. claim it in a short transaction (SELECT … FOR UPDATE SKIP LOCKED, then `attempts` + 1 and
   `next_attempt_at` one lease ahead) and commit: no lock is held while the network is slow;
2. send it, outside any transaction;
3. record the outcome in another short transaction: sent, or failed with the next retry time.
A worker killed in step 2 leaves the row claimed; once the lease has passed the next drain (every
few minutes, and at worker start) sends it again: the one message in flight may arrive twice, which
is why every e-mail carries a Message-ID and every webhook an Idempotency-Key derived from the key.
Retries back off in time (a minute, then five, …, then hours) rather than per run; after a day, or
after REMINDER_MAX_COPIES attempts, a row is given up; a row a fresher reminder of the same kind to
the same recipient and channel has replaced is dropped, not sent beside it.
"""

import datetime
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import Channel, DeliveryStatus, ReminderKind
from .models import Reminder

logger = logging.getLogger(__name__)

RETRYABLE = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
SWEEP_KINDS = (ReminderKind.UPCOMING, ReminderKind.OVERDUE)
# Seconds before the 1st, 2nd, … retry; the last one repeats until the row is given up.
RETRY_DELAYS = (60, 300, 900, 3600, 2 * 3600, 4 * 3600, 8 * 3600)


def _setting(name: str, default):
    return getattr(settings, name, default)


def lease() -> datetime.timedelta:
    # Longer than any one send can take (webhook and SMTP timeouts are seconds).
    return datetime.timedelta(seconds=_setting("REMINDER_CLAIM_SECONDS", 120))


def retry_delay(attempts: int) -> datetime.timedelta:
    delays = _setting("REMINDER_RETRY_DELAYS", RETRY_DELAYS)
    return datetime.timedelta(seconds=delays[min(attempts, len(delays)) - 1])


def kind_group(kind: str) -> tuple[str, ...]:
    """Upcoming and overdue lists are one message a day per agency: today's replaces yesterday's."""
    return SWEEP_KINDS if kind in SWEEP_KINDS else (kind,)


def due_rows(now=None):
    now = now or timezone.now()
    return Reminder.objects.filter(status__in=RETRYABLE, attempts__lt=_setting("REMINDER_MAX_COPIES", 10)).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def drop_stale(now=None) -> int:
    """Mark superseded and expired unsent rows (two UPDATEs); returns how many were dropped."""
    now = now or timezone.now()
    unsent = Reminder.objects.filter(status__in=RETRYABLE)
    dropped = 0
    for kinds in {kind_group(k) for k in ReminderKind.values}:
        newer = Reminder.objects.filter(recipient=OuterRef("recipient"), channel=OuterRef("channel"),
                                        kind__in=kinds, period__gt=OuterRef("period"))
        dropped += unsent.filter(kind__in=kinds).filter(Exists(newer)).update(
            status=DeliveryStatus.SUPERSEDED, next_attempt_at=None,
            last_error="已有同一接收方、同一渠道更新的提醒，本条不再发送。")
    give_up_after = datetime.timedelta(seconds=_setting("REMINDER_GIVE_UP_SECONDS", 24 * 3600))
    expired = Q(created_at__lt=now - give_up_after) | Q(attempts__gte=_setting("REMINDER_MAX_COPIES", 10))
    # Only rows not claimed right now: a send in flight finishes and records its own outcome.
    dropped += unsent.filter(expired).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).update(
        status=DeliveryStatus.GAVE_UP, next_attempt_at=None)
    return dropped


def claim(row_id: int) -> Reminder | None:
    """Take one due row for sending (short transaction, committed before the send); None if not due."""
    now = timezone.now()
    with transaction.atomic():
        row = due_rows(now).select_for_update(skip_locked=True).filter(pk=row_id).first()
        if row is None:
            return None
        row.attempts += 1
        row.next_attempt_at = now + lease()
        row.save(update_fields=["attempts", "next_attempt_at"])
    return row


def finish(row: Reminder, error: str = "") -> None:
    """Record the outcome of a claimed row's send."""
    now = timezone.now()
    if error:
        row.status, row.last_error, row.sent_at = DeliveryStatus.FAILED, error[:2000], None
        row.next_attempt_at = now + retry_delay(row.attempts)
    else:
        row.status, row.last_error, row.sent_at, row.next_attempt_at = DeliveryStatus.SENT, "", now, None
    Reminder.objects.filter(pk=row.pk).update(status=row.status, last_error=row.last_error, sent_at=row.sent_at,
                                              next_attempt_at=row.next_attempt_at)


# --- channels ------------------------------------------------------------------------------------------------------

def message_id(key: str) -> str:
    """Stable per reminder: a mail system (or a person's filter) can drop the copy a crash repeats."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "fangguanfu.local"
    return f"<reminder.{key}@{domain}>"


def send_email(row: Reminder, to: list[str], connection) -> None:
    EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, to, connection=connection,
                 headers={"Message-ID": message_id(row.key)}).send()


class WebhookError(Exception):
    pass


def robot_refusal(body: bytes) -> str:
    """企业微信 and 钉钉 answer {"errcode": n, "errmsg": …}, 飞书 {"code": n, "msg": …}, with HTTP 200 even
    when they refuse the message; '' when the answer is not a refusal (or not JSON: other receivers)."""
    try:
        answer = json.loads(body.decode("utf-8", "replace") or "{}")
    except ValueError:
        return ""
    if not isinstance(answer, dict):
        return ""
    for code, text in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
        if code in answer and answer[code] not in (0, "0", None):
            return f"机器人拒绝了消息（{code}={answer[code]}）：{answer.get(text, '')}"
    return ""


def post_webhook(url: str, payload: dict, *, key: str) -> None:
    """POST JSON once per attempt, plus quick retries only where nothing can have been delivered
    (5xx, 408/429, connection refused); a timeout may have delivered it, so it waits for the outbox's retry."""
    timeout = _setting("REMINDER_WEBHOOK_TIMEOUT", 5)
    retries = _setting("REMINDER_WEBHOOK_RETRIES", 3)
    backoff = _setting("REMINDER_WEBHOOK_BACKOFF", 1.0)
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
                refusal = robot_refusal(response.read(64 * 1024))
            if refusal:
                raise WebhookError(refusal)
            return
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code not in (408, 429):
                break  # the robot refused the message: retrying now will not help
        except (TimeoutError, urllib.error.URLError) as exc:
            reason = getattr(exc, "reason", exc)
            error = f"{type(exc).__name__}: {reason}"
            if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
                break
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
            break
    raise WebhookError(f"Webhook 发送失败（{attempt + 1} 次尝试）：{error}")


def webhook_payload(row: Reminder, name: str) -> dict:
    """Enterprise-messenger robot format (msgtype/text), plus the reminder's data for other receivers."""
    return {
        "msgtype": "text",
        "text": {"content": f"{row.subject}\n\n{row.body}"},
        "reminder": {"key": row.key, "kind": row.kind, "period": row.period, "agency": name,
                     "task_ids": row.task_ids},
    }


def send_one(row: Reminder, directory, connection) -> None:
    if row.channel == Channel.EMAIL:
        to = directory.emails(row.kind, row.agency_id)
        if not to:
            raise ValueError("没有可用的收件邮箱")
        send_email(row, to, connection)
    else:
        url = directory.webhook(row.kind, row.agency_id)
        if not url:
            raise ValueError("该单位未配置 Webhook")
        post_webhook(url, webhook_payload(row, directory.name(row.agency_id)), key=row.key)
