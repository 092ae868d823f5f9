"""The demo plan of `make run`: deadlines around the day it runs, so red, yellow and green, the review
queue and returned and signed-off tasks all show on the first visit; the seed documents are not touched."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from documents.models import Document
from importing.demo_plan import demo_plan_load
from reminders.models import Notification
from reporting.models import ProgressReport
from tasks.choices import SignoffStatus, TaskStatus
from tasks.models import Review, SignoffRequest, Task
from tasks.warnings import warning_context, warning_level, with_report_flag
from workdays.calendar import roll_forward

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("create_demo_accounts", stdout=io.StringIO())


def _colours(document, today):
    ctx = warning_context(today)
    tasks = with_report_flag(Task.objects.filter(document=document).order_by("order"), ctx)
    return {t.number: warning_level(ctx, t.status, t.deadline, t.has_report_this_month) for t in tasks}


def test_the_demo_plan_shows_every_state_around_today(demo_accounts):
    today = timezone.localdate()
    document = demo_plan_load()
    assert document.year == today.year and "演示" in document.title
    tasks = {t.number: t for t in Task.objects.filter(document=document)}
    assert len(tasks) == 9
    assert tasks["1"].deadline == today - datetime.timedelta(days=20)  # overdue long enough to escalate
    assert tasks["3"].deadline == today + datetime.timedelta(days=2)  # due this week
    assert tasks["5"].deadline == today + datetime.timedelta(days=35)  # due next month
    assert tasks["7"].deadline is None and tasks["7"].deadline_text == "长期坚持"
    colours = _colours(document, today)
    assert {n for n, c in colours.items() if c == "red"} == {"1", "2"}
    assert {"3", "4"} <= {n for n, c in colours.items() if c == "yellow"}
    assert {"5", "6", "7", "8"} <= {n for n, c in colours.items() if c == "green"}
    assert (tasks["4"].status, tasks["6"].status, tasks["8"].status) == (
        TaskStatus.SIGNOFF_REQUESTED, TaskStatus.RETURNED, TaskStatus.SIGNED_OFF)
    assert SignoffRequest.objects.get(task=tasks["4"]).status == SignoffStatus.OPEN
    returned = Review.objects.get(task=tasks["6"])
    assert returned.decision == "return" and "佐证材料不足" in returned.reason
    assert returned.reviewer.get_full_name() == "李督查"
    assert ProgressReport.objects.filter(task__document=document).count() == 9
    assert ProgressReport.objects.filter(task=tasks["4"], attachments__isnull=False).exists()


def test_the_office_queue_and_the_liaison_list_show_the_demo(demo_accounts):
    document = demo_plan_load()
    users = get_user_model().objects
    office, liaison = Client(), Client()
    office.force_login(users.get(username="office"))
    liaison.force_login(users.get(username="zwj_liaison"))
    queue = office.get("/tasks/review/").content.decode()
    assert "清理规范行政审批中介服务事项" in queue and "赵敏" in queue  # the requester's name, not sft_liaison
    listing = liaison.get(f"/tasks/?document={document.pk}").content.decode()
    assert "全面推行证明事项告知承诺制" in listing and "深化“证照分离”改革" in listing


def test_todays_reminders_reach_the_demo_inboxes(demo_accounts):
    demo_plan_load()
    # On a rest day the sweep sends nothing and leaves it to the next working day: run it as of that day.
    day = roll_forward(timezone.localdate())
    call_command("send_reminders", "--date", day.isoformat(), stdout=io.StringIO())
    notes = Notification.objects.filter(recipient__username="zwj_liaison")
    assert any("已逾期" in n.title for n in notes), [n.title for n in notes]


def test_running_again_changes_nothing_and_refresh_rebuilds(demo_accounts):
    first = demo_plan_load()
    assert demo_plan_load() is None
    assert Task.objects.filter(document__doc_number=first.doc_number).count() == 9
    again = demo_plan_load(refresh=True)
    assert again.pk != first.pk and not Document.objects.filter(pk=first.pk).exists()
    assert Task.objects.filter(document=again).count() == 9


def test_the_command_needs_the_demo_accounts_and_refuses_production(db):
    with pytest.raises(CommandError, match="需要先创建演示账号"):
        call_command("load_demo_plan", stdout=io.StringIO())
    assert not Document.objects.exists()
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="生产模式下不能生成演示数据"):
        call_command("load_demo_plan", stdout=io.StringIO())


def test_demo_accounts_have_names(demo_accounts):
    names = dict(get_user_model().objects.values_list("username", "first_name"))
    assert names["zwj_liaison"] == "王小明" and names["office"] == "李督查"
    assert all(names.values())
