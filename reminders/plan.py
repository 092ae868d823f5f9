"""From due reminders to Reminder rows: recipients per channel, message text, uniqueness key.

A Due is one reminder to one agency; it becomes one row per channel the agency
can be reached on (e-mail to its contacts, the in-app inbox of its liaisons and
heads, its webhook). Escalations go to the agency's heads only, the digest to
the office. Everything is looked up in bulk: a few queries per run.
"""

import datetime
import hashlib
from collections import defaultdict

from agencies.choices import Role
from agencies.models import Agency, UserProfile
from reminders.dues import Due, ReminderContext
from tasks.choices import TaskStatus
from tasks.models import Task

from .choices import Channel, ReminderKind
from .models import Reminder

LIST_LIMIT = 30  # tasks listed per section of one message; the rest are counted
OFFICE = "督查室"
SIGNATURE = "—— 放管服任务督办系统"
INBOX_URLS = {
    ReminderKind.OVERDUE: "/tasks/?warning=red",
    ReminderKind.UPCOMING: "/tasks/?warning=yellow",
    ReminderKind.ESCALATION: "/tasks/?overdue=true",
    ReminderKind.ROLL_CALL: "/tasks/?has_report_this_month=false",
    ReminderKind.OFFICE_DIGEST: "/tasks/?overdue=true",
    ReminderKind.ACK_OVERDUE: "/tasks/",
}


def inbox_url(row: Reminder) -> str:
    """Where the inbox message leads: a notice, 催办 or 签收 reminder to its task's page, a reminder to the list."""
    if row.kind == ReminderKind.NOTICE and row.task_ids or (
            row.kind in (ReminderKind.URGE, ReminderKind.ACK_OVERDUE) and len(row.task_ids) == 1):
        return f"/tasks/{row.task_ids[0]}/"
    return INBOX_URLS.get(row.kind, "")


def reminder_key(agency_id: int | None, kind: str, period: str, channel: str, task_ids: list[int]) -> str:
    """The database-enforced identity of a reminder: who, what kind, which period, how, about which tasks."""
    raw = f"{agency_id or OFFICE}|{kind}|{period}|{channel}|{','.join(str(t) for t in sorted(task_ids))}"
    return hashlib.sha256(raw.encode()).hexdigest()


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Directory:
    """Agencies, their users and the office, loaded once for a set of agencies (three queries)."""

    def __init__(self, agency_ids, office_emails=()):
        ids = {a for a in agency_ids if a is not None}
        self.agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids).only(
            "id", "name", "short_name", "contact_emails", "webhook_url")}
        self.users: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        profiles = UserProfile.objects.filter(
            agency_id__in=ids, role__in=[Role.LIAISON, Role.HEAD], user__is_active=True
        ).values_list("agency_id", "user_id", "role", "user__email")
        for agency_id, user_id, role, email in profiles:
            self.users[agency_id].append((user_id, role, email))
        self.office_users = list(
            UserProfile.objects.filter(role=Role.OFFICE, user__is_active=True).values_list("user_id", flat=True)
        )
        self.office_emails = list(office_emails)

    def name(self, agency_id: int | None) -> str:
        agency = self.agencies.get(agency_id)
        return OFFICE if agency_id is None else (str(agency) if agency else f"单位#{agency_id}")

    def _heads(self, agency_id):
        return [(uid, email) for uid, role, email in self.users.get(agency_id, ()) if role == Role.HEAD]

    def emails(self, kind: str, agency_id: int | None) -> list[str]:
        if kind == ReminderKind.OFFICE_DIGEST:
            return self.office_emails
        if kind == ReminderKind.ESCALATION:
            return sorted({email for _, email in self._heads(agency_id) if email})
        agency = self.agencies.get(agency_id)
        return agency.email_list if agency else []

    def inbox_users(self, kind: str, agency_id: int | None) -> list[int]:
        if kind == ReminderKind.OFFICE_DIGEST:
            return self.office_users
        if kind == ReminderKind.NOTICE:  # the liaisons do the work the decision is about
            return [uid for uid, role, _ in self.users.get(agency_id, ()) if role == Role.LIAISON]
        if kind == ReminderKind.ESCALATION:
            return [uid for uid, _ in self._heads(agency_id)]
        return [uid for uid, _, _ in self.users.get(agency_id, ())]

    def webhook(self, kind: str, agency_id: int | None) -> str:
        if kind in (ReminderKind.ESCALATION, ReminderKind.OFFICE_DIGEST):
            return ""
        agency = self.agencies.get(agency_id)
        return agency.webhook_url if agency else ""


def _task_line(n: int, task: dict, today: datetime.date, unreported_after: datetime.date | None) -> str:
    text = task["text"].replace("\n", " ")
    text = text if len(text) <= 60 else text[:60] + "……"
    deadline = task["deadline"]
    if deadline is None:
        when = "未定时限"
    elif deadline < today:
        when = f"时限 {cn_date(deadline)}，已逾期 {(today - deadline).days} 天"
    elif deadline == today:
        when = f"时限 {cn_date(deadline)}，今日到期"
    else:
        when = f"时限 {cn_date(deadline)}，还剩 {(deadline - today).days} 天"
    if unreported_after and (deadline is None or deadline > unreported_after):
        when += "，本月尚未报送进展"  # yellow for the missing report, not for the deadline
    if task.get("progress_percent") is not None:
        when += f"，完成进度 {task['progress_percent']}%"  # 序时进度: orange and yellow ones say how far
    pending = "（已申请销号，待审核）" if task["status"] == TaskStatus.SIGNOFF_REQUESTED else ""
    return f"{n}. 《{task['document__title']}》第{task['number']}项：{text}（{when}）{pending}"


def _section(title: str, ids: list[int], tasks: dict[int, dict], today, unreported_after=None) -> list[str]:
    if not ids:
        return []
    lines = [f"{title}（{len(ids)} 项）"]
    lines += [_task_line(i, tasks[tid], today, unreported_after) for i, tid in enumerate(ids[:LIST_LIMIT], 1) if tid in tasks]
    if len(ids) > LIST_LIMIT:
        lines.append(f"……另有 {len(ids) - LIST_LIMIT} 项，请登录系统查看。")
    return lines + [""]


def compose(due: Due, rctx: ReminderContext, directory: Directory, tasks: dict[int, dict]) -> tuple[str, str]:
    """Subject and body (plain text, Chinese) of one reminder."""
    name, today = directory.name(due.agency_id), rctx.today
    if due.kind in (ReminderKind.OVERDUE, ReminderKind.UPCOMING):
        parts = [f"{len(due.red)} 项任务已逾期"] if due.red else []
        parts += [f"{len(due.yellow)} 项任务临期或本月未报送进展"] if due.yellow else []
        subject = f"【督办提醒】{name}：{'，'.join(parts)}"
        lines = [f"{name}：", f"截至{cn_date(today)}，贵单位负责的以下任务需要抓紧推进：", ""]
        lines += _section("一、已逾期（红牌）", due.red, tasks, today)
        lines += _section("二、临期、进度滞后或本月未报送进展（橙牌、黄牌）", due.yellow, tasks, today,
                          rctx.warn.yellow_until if rctx.warn.in_report_window else None)
        lines.append("请登录放管服任务督办系统，在“任务清单”中查看并及时报送进展。")
    elif due.kind == ReminderKind.ESCALATION:
        subject = f"【逾期升级】{name}：{len(due.red)} 项任务逾期超过 {rctx.warn.escalation_days} 天"
        lines = [f"{name}负责同志：", f"截至{cn_date(today)}，贵单位牵头的以下任务逾期已超过 "
                 f"{rctx.warn.escalation_days} 天，请督促落实：", ""]
        lines += _section("逾期任务", due.red, tasks, today)
    elif due.kind == ReminderKind.ACK_OVERDUE:
        subject = f"【签收提醒】{name}：{len(due.yellow)} 项任务超期未签收"
        lines = [f"{name}：", f"截至{cn_date(today)}，以下任务已交办贵单位，超过签收期限仍未签收。"
                 "请登录系统签收；如不属于本单位职责，请拒收并说明理由：", ""]
        lines += _section("待签收任务", due.yellow, tasks, today)
    elif due.kind == ReminderKind.OFFICE_DIGEST:
        subject = (f"【督查室日报】{cn_date(today)}：{len(due.by_agency)} 个单位 {len(due.red)} 项任务"
                   f"逾期超过 {rctx.warn.escalation_days} 天")
        lines = [f"截至{cn_date(today)}，逾期超过 {rctx.warn.escalation_days} 天的任务：", ""]
        for agency_id, ids in due.by_agency.items():
            numbers = "、".join(f"第{tasks[t]['number']}项" for t in ids[:10] if t in tasks)
            more = f"等 {len(ids)} 项" if len(ids) > 10 else f"共 {len(ids)} 项"
            lines.append(f"{directory.name(agency_id)}：{numbers}{more}")
        lines.append("")
    elif due.overdue_periods:
        subject = f"【定期报送】{name}：{len(due.yellow)} 项任务的周期进展逾期未报"
        lines = [f"{name}：", f"截至{cn_date(today)}，贵单位以下按月、按季或按年报送的任务，上一周期的进展已过报送截止日"
                 "仍未报送，请尽快报送：", ""]
        lines += _section("逾期未报任务", due.yellow, tasks, today)
    else:
        month = f"{today.year}年{today.month}月"
        subject = f"【月度调度】{name}：{month}尚有 {len(due.yellow)} 项任务未报送进展"
        lines = [f"{name}：", f"按照一月一调度要求，贵单位以下任务{month}尚未报送进展，请于月底前报送：", ""]
        lines += _section("未报送任务", due.yellow, tasks, today)
    return subject[:200], "\n".join([*lines, SIGNATURE])


def _listed_tasks(dues: list[Due]) -> dict[int, dict]:
    ids = set()
    for due in dues:
        ids.update(due.red[:LIST_LIMIT], due.yellow[:LIST_LIMIT])
        for agency_ids in due.by_agency.values():
            ids.update(agency_ids[:10])
    rows = Task.objects.filter(pk__in=ids).values("id", "number", "text", "deadline", "status", "document__title",
                                                         "progress_percent")
    return {row["id"]: row for row in rows}


def plan_rows(dues: list[Due], rctx: ReminderContext) -> tuple[list[Reminder], Directory]:
    """Unsaved Reminder rows, one per due reminder and reachable channel; `audience` = inbox users."""
    directory = Directory((d.agency_id for d in dues), rctx.office_emails)
    tasks = _listed_tasks(dues)
    rows = []
    for due in dues:
        subject, body = compose(due, rctx, directory, tasks)
        targets = {
            Channel.EMAIL: ", ".join(directory.emails(due.kind, due.agency_id)),
            Channel.INBOX: directory.name(due.agency_id) if directory.inbox_users(due.kind, due.agency_id) else "",
            Channel.WEBHOOK: directory.webhook(due.kind, due.agency_id),
        }
        for channel, recipient in targets.items():
            if not recipient:
                continue
            row = Reminder(
                key=reminder_key(due.agency_id, due.kind, due.period, channel, due.task_ids),
                agency_id=due.agency_id, recipient=recipient[:255], kind=due.kind, channel=channel,
                period=due.period, task_ids=due.task_ids, subject=subject, body=body,
            )
            row.audience = len(directory.inbox_users(due.kind, due.agency_id)) if channel == Channel.INBOX else 0
            rows.append(row)
    return rows, directory
