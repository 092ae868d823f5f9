"""`make run`'s demo plan: a current-year plan whose deadlines lie around today, so every state shows.

The five seed documents stay as printed (2020–2024: nearly all red today).
This plan is built for the day setup_demo runs: tasks overdue (one long
enough to escalate), due this week, due next month and without a deadline,
with reports, an open sign-off request, a returned one and a signed-off task,
so that red, yellow and green, the office's review queue and the reminders
can be seen on the first visit. It goes through the same services as real
use (import, report, sign-off, review), so the timeline reads as it would.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from documents.models import Document
from documents.parsing import ParsedDocument, ParsedPlan, ParsedSection, ParsedTask
from reporting.services import report_submit
from tasks.services import signoff_approve, signoff_request, task_return

from .services import document_import

DOC_NUMBER = "湘放管服演示〔{year}〕1号"
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class DemoTask:
    text: str
    lead: str
    co: tuple[str, ...]
    due_in_days: int | None  # None: no deadline (长期坚持)
    reports: tuple[tuple[str, int], ...] = ()  # (username, months ago: 0 = this month)
    signoff: str = ""  # "", "requested", "returned", "approved"


SECTION = ("一", "演示：临期、逾期与销号各种状态")
TASKS = [
    DemoTask("全面推行证明事项告知承诺制，公布实行告知承诺制的证明事项目录。", "省政务局", ("省司法厅",), -20,
             reports=(("zwj_liaison", 1),)),
    DemoTask("开展营商环境评价，形成评价报告并推动问题整改。", "省发展改革委", ("省政务局",), -3),
    DemoTask("完成政务服务“好差评”系统与各市州平台对接，实现评价数据实时汇聚。", "省政务局", (), 2,
             reports=(("zwj_liaison", 0),)),
    DemoTask("清理规范行政审批中介服务事项，公布保留事项清单。", "省司法厅", ("省政务局",), 5,
             reports=(("sft_liaison", 0), ("zwj_liaison", 0)), signoff="requested"),
    DemoTask("推进“一件事一次办”扩面增效，新增一批高频事项集成办理。", "省政务局", ("省市场监管局",), 35,
             reports=(("zwj_liaison", 0),)),
    DemoTask("深化“证照分离”改革，实现涉企经营许可事项全覆盖清单管理。", "省市场监管局", ("省政务局",), 40,
             reports=(("scjg_liaison", 0), ("zwj_liaison", 0)), signoff="returned"),
    DemoTask("持续优化政务服务事项办事指南，做到要素统一、标准规范。", "省政务局", (), None,
             reports=(("zwj_liaison", 0),)),
    DemoTask("推行相对集中行政许可权改革，完成州本级审批事项划转。", "湘西州行政审批服务局", (), 20,
             reports=(("xxsp_liaison", 0),), signoff="approved"),
    DemoTask("建立涉企收费目录清单制度，开展涉企违规收费专项整治。", "省发展改革委", ("省政务局",), 12),
]


def _deadline_text(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日前" if day else "长期坚持"


def _parsed(today: datetime.date) -> ParsedDocument:
    plan = ParsedPlan(title=f"{today.year}年放管服改革重点任务督办演示方案", year=today.year,
                      sections=[ParsedSection(*SECTION)])
    for order, spec in enumerate(TASKS, start=1):
        due = today + datetime.timedelta(days=spec.due_in_days) if spec.due_in_days is not None else None
        plan.tasks.append(ParsedTask(
            number=str(order), section=SECTION[0], subsection=None, order=order, text=spec.text,
            text_start=spec.text[:12], lead=[spec.lead], co=list(spec.co), deadline=due,
            deadline_text=_deadline_text(due)))
    return ParsedDocument(doc_number=DOC_NUMBER.format(year=today.year), title=plan.title,
                          issuer="湖南省放管服改革办（演示数据）", issue_date=today.replace(month=1, day=1),
                          year=today.year, plans=[plan])


def _month(today: datetime.date, months_ago: int) -> datetime.date:
    first = today.replace(day=1)
    for _ in range(months_ago):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def _play(task, spec: DemoTask, users: dict, today: datetime.date) -> None:
    for username, months_ago in spec.reports:
        attachments = [SimpleUploadedFile("佐证材料.pdf", EVIDENCE, content_type="application/pdf")] \
            if spec.signoff else []
        report_submit(user=users[username], task=task, period=_month(today, months_ago), percent=60 if months_ago else 90,
                      content=f"{'上月' if months_ago else '本月'}已按方案推进：完成调研摸底和方案起草，正在征求意见。",
                      attachments=attachments)
    if not spec.signoff:
        return
    lead_user = users[spec.reports[0][0]]
    signoff_request(user=lead_user, task=task, summary="已按时限完成，佐证材料见各月报送附件。")
    task.refresh_from_db()
    if spec.signoff == "returned":
        task_return(user=users["office"], task=task, reason="佐证材料不足：请补充许可事项清单的正式印发文件。")
    elif spec.signoff == "approved":
        signoff_approve(user=users["office"], task=task, reason="材料齐全，同意销号。")


def demo_plan_load(*, today: datetime.date | None = None, refresh: bool = False) -> Document | None:
    """Build the demo plan for `today`; None when it already exists (refresh: rebuild it for today).

    Needs the demo accounts (create_demo_accounts) and the agencies they belong to.
    """
    today = today or timezone.localdate()
    number = DOC_NUMBER.format(year=today.year)
    with transaction.atomic():
        existing = Document.objects.filter(doc_number=number).first()
        if existing and not refresh:
            return None
        if existing:
            existing.delete()
        names = {name for spec in TASKS for name, _ in spec.reports} | {"office"}
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        missing = sorted(names - set(users))
        if missing:
            raise ValueError("演示方案需要先创建演示账号（create_demo_accounts），缺少：" + "、".join(missing))
        document = document_import(parsed=_parsed(today), original_text="（演示数据，按生成当天的日期排定时限）",
                                   source_filename="演示方案")
        tasks = list(document.tasks.order_by("order"))
        for task, spec in zip(tasks, TASKS, strict=True):
            _play(task, spec, users, today)
    return document

DEMO_SUMMARY = ("9 项任务，时限在今天前后：2 项逾期（红牌）、2 项本周到期（黄牌，其中 1 项待销号审核）、"
                "下月到期与无时限各若干（绿牌），1 项销号被退回、1 项已销号")
