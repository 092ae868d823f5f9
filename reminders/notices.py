"""Notices (办理通知): an agency hears about decisions on its work, through the reminders' own delivery.

A receiver of tasks.signals.event_recorded. For the events below it records one Reminder row per
agency and channel (inbox to the agency's liaisons; e-mail and webhook if the agency has them),
keyed on the event's id, so one event is one notice however often the signal fires. The inbox rows
are delivered at once, inside the transaction of the decision (they commit or roll back with it);
e-mail and webhooks leave the machine, so they are queued for after the commit and otherwise picked
up by the next reminder run, as every pending reminder is.
"""

from tasks.choices import EventKind
from tasks.models import Assignment, SignoffRequest, TaskEvent

from .choices import Channel, ReminderKind
from .delivery import Outcome, deliver_inbox
from .models import Reminder
from .plan import SIGNATURE, Directory, reminder_key
from .queueing import enqueue_on_commit
from .tasks import deliver_pending_task

TITLES = {
    EventKind.REPORT_RETURNED: "【进展退回】",
    EventKind.SIGNED_OFF: "【同意销号】",
    EventKind.RETURNED: "【销号退回】",
    EventKind.DEADLINE_CHANGED: "【时限变更】",
    EventKind.EXTENSION_APPROVED: "【同意延期】",
}


def _agencies_told(event: TaskEvent) -> list[int]:
    """Who the decision concerns: the reporting agency, the agency that asked for sign-off, or everyone on the task."""
    if event.kind == EventKind.REPORT_RETURNED:
        return [event.agency_id] if event.agency_id else []
    if event.kind in (EventKind.SIGNED_OFF, EventKind.RETURNED):
        asked = (SignoffRequest.objects.filter(task_id=event.task_id).order_by("-requested_at", "-id")
                 .values_list("agency_id", flat=True).first())
        return [asked] if asked else []
    return list(Assignment.objects.filter(task_id=event.task_id).order_by("id").values_list("agency_id", flat=True))


def _text(event: TaskEvent) -> tuple[str, str]:
    task = event.task
    short = task.text.replace("\n", " ")
    short = short if len(short) <= 40 else short[:40] + "……"
    what = {
        EventKind.REPORT_RETURNED: "单位负责人退回了进展报送，请修改后重新提交",
        EventKind.SIGNED_OFF: "督查室同意销号",
        EventKind.RETURNED: "督查室退回了销号申请",
        EventKind.DEADLINE_CHANGED: "任务完成时限已变更",
        EventKind.EXTENSION_APPROVED: "延期申请已获同意",
    }[event.kind]
    subject = f"{TITLES[event.kind]}任务 {task.number}：{what}"
    label = "理由" if event.kind == EventKind.RETURNED else "说明"
    lines = [f"任务 {task.number}：{short}", what + "。"]
    if event.message:
        lines.append(f"{label}：{event.message}")
    lines += ["请登录放管服任务督办系统，在任务页面查看。", SIGNATURE]
    return subject[:200], "\n".join(lines)


def notice_rows(event: TaskEvent) -> list[Reminder]:
    agency_ids = _agencies_told(event)
    if not agency_ids:
        return []
    directory = Directory(agency_ids)
    subject, body = _text(event)
    period = f"event-{event.pk}"
    rows = []
    for agency_id in agency_ids:
        targets = {
            Channel.INBOX: directory.name(agency_id) if directory.inbox_users(ReminderKind.NOTICE, agency_id) else "",
            Channel.EMAIL: ", ".join(directory.emails(ReminderKind.NOTICE, agency_id)),
            Channel.WEBHOOK: directory.webhook(ReminderKind.NOTICE, agency_id),
        }
        rows += [
            Reminder(key=reminder_key(agency_id, ReminderKind.NOTICE, period, channel, [event.task_id]),
                     agency_id=agency_id, recipient=recipient[:255], kind=ReminderKind.NOTICE, channel=channel,
                     period=period, task_ids=[event.task_id], subject=subject, body=body)
            for channel, recipient in targets.items() if recipient
        ]
    return rows


def record_notice(sender, event: TaskEvent, **kwargs) -> None:
    """event_recorded receiver: record the notice rows, deliver the inbox ones now, queue the rest."""
    if event.kind not in TITLES:
        return
    rows = notice_rows(event)
    if not rows:
        return
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)  # the key: a repeated event records nothing
    deliver_inbox(outcome=Outcome(), keys=[r.key for r in rows if r.channel == Channel.INBOX])
    if any(r.channel != Channel.INBOX for r in rows):
        enqueue_on_commit(deliver_pending_task)
