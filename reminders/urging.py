"""催办 delivered like every reminder: an URGED timeline event becomes one Reminder row per channel the urged
agency can be reached on (inbox, e-mail, webhook), keyed by the event, and is sent once the change commits.

Connected to tasks.signals.event_recorded in RemindersConfig.ready(). The rows are written inside the
urging transaction (they exist exactly when the urge does); sending waits for the commit and goes through
the ordinary outbox (reminders.delivery), so a broker outage only delays it to the next sweep.
"""

from django.db import transaction
from django.dispatch import receiver

from agencies.roles import actor_for
from tasks.choices import EventKind
from tasks.models import TaskEvent
from tasks.signals import event_recorded

from .choices import Channel, ReminderKind
from .models import Reminder
from .plan import SIGNATURE, Directory, cn_date, reminder_key
from .queueing import enqueue
from .tasks import deliver_pending_task


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "系统"


def urge_message(event: TaskEvent, name: str) -> tuple[str, str]:
    task = event.task
    sender = actor_for(event.actor).agency_name or "督查室"  # the lead urging its sub-task, or the office
    subject = f"【催办】{name}：请抓紧办理第{task.number}项任务"
    when = f"完成时限：{cn_date(task.deadline)}" if task.deadline else "完成时限：未定"
    lines = [f"{name}：", f"{sender}（{_person(event.actor)}）催办：", event.message, "",
             f"《{task.document.title}》第{task.number}项：{task.text[:200]}", when, "",
             "请登录放管服任务督办系统查看并及时报送进展。", SIGNATURE]
    return subject[:200], "\n".join(lines)


def urge_rows(event: TaskEvent) -> list[Reminder]:
    """Unsaved rows for one urging event: one per reachable channel of the urged agency."""
    directory = Directory([event.agency_id])
    name = directory.name(event.agency_id)
    subject, body = urge_message(event, name)
    period = f"urge-{event.pk}"[:20]
    targets = {
        Channel.EMAIL: ", ".join(directory.emails(ReminderKind.URGE, event.agency_id)),
        Channel.INBOX: name if directory.inbox_users(ReminderKind.URGE, event.agency_id) else "",
        Channel.WEBHOOK: directory.webhook(ReminderKind.URGE, event.agency_id),
    }
    return [
        Reminder(key=reminder_key(event.agency_id, ReminderKind.URGE, period, channel, [event.task_id]),
                 agency_id=event.agency_id, recipient=recipient[:255], kind=ReminderKind.URGE, channel=channel,
                 period=period, task_ids=[event.task_id], subject=subject, body=body)
        for channel, recipient in targets.items() if recipient
    ]


@receiver(event_recorded, dispatch_uid="reminders.urging")
def deliver_urging(sender, event: TaskEvent, **kwargs) -> None:
    if event.kind != EventKind.URGED or event.agency_id is None:
        return
    Reminder.objects.bulk_create(urge_rows(event), ignore_conflicts=True)
    transaction.on_commit(lambda: enqueue(deliver_pending_task))
