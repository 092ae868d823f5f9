"""The office keeps the calendar in the admin; its pages warn it while next year's holidays are missing."""

import datetime

import pytest
import time_machine
from django.test import Client

from tests.factories import UserFactory
from workdays import calendar
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
D = datetime.date
CHANGELIST = "/admin/workdays/calendarday/"
BULK = "/admin/workdays/calendarday/bulk-add/"
BANNER = "2027年的节假日安排尚未录入，工作日按周一至周五计算，请在“工作日历”中录入国务院办公厅通知"
DECEMBER_2026 = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_opens_both_changelists_and_the_bulk_form(office_user):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False, name="2027年元旦")
    client = _client(office_user)
    page = client.get(CHANGELIST + "?year=2027")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2027年元旦" in html and "批量录入" in html and "年度" in html
    assert client.get("/admin/workdays/calendaryear/").status_code == 200
    assert client.get(BULK).status_code == 200


@pytest.mark.parametrize("role", ["liaison", "head", "leader"])
def test_other_roles_are_sent_to_the_login_page(role, agency_a):
    user = UserFactory(role=role, agency=agency_a if role in ("liaison", "head") else None)
    for url in (CHANGELIST, BULK):
        response = _client(user).get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_staff_account_without_the_office_group_gets_403(leader_user):
    leader_user.is_staff = True  # e.g. a leader's account promoted by mistake: staff, but no calendar rights
    leader_user.save()
    leader_user.groups.clear()
    client = _client(leader_user)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(BULK).status_code == 403
    assert client.post(BULK, {"lines": "2027-01-01 放假 元旦"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_bulk_entry_saves_a_notice_and_marks_the_year_complete(office_user):
    lines = "2027-01-01 至 2027-01-03 放假 元旦\n\n2027年2月20日 上班 春节调休上班\n"
    response = _client(office_user).post(BULK, {"lines": lines, "note": "国办发明电", "complete_year": "2027"})
    assert response.status_code == 302
    rows = list(CalendarDay.objects.values_list("date", "is_working_day", "name", "note", "created_by"))
    assert rows == [
        (D(2027, 1, 1), False, "元旦", "国办发明电", office_user.pk),
        (D(2027, 1, 2), False, "元旦", "国办发明电", office_user.pk),
        (D(2027, 1, 3), False, "元旦", "国办发明电", office_user.pk),
        (D(2027, 2, 20), True, "春节调休上班", "国办发明电", office_user.pk),
    ]
    assert CalendarYear.objects.get(year=2027).complete is True
    assert calendar.is_working_day(D(2027, 2, 20)) is True  # a Saturday, entered as worked
    assert calendar.year_status(2027) == "office"
    # Entering a day again corrects it.
    _client(office_user).post(BULK, {"lines": "2027-02-20 放假 更正"})
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).is_working_day is False
    assert CalendarDay.objects.count() == 4


@pytest.mark.parametrize(("lines", "message"), [
    ("2027-01-01 放假\n2027-02-30 上班", "第2行：日期 2027-02-30 不存在"),
    ("元旦放三天", "第1行无法识别"),
    ("2027-01-10 至 2027-01-01 放假", "第1行：日期范围须从前到后"),
    ("2027-01-01 放假\n2027-01-01 上班", "已录为放假"),
    ("   ", "该字段是必填项"),
])
def test_bad_bulk_lines_get_a_chinese_error_and_change_nothing(office_user, lines, message):
    response = _client(office_user).post(BULK, {"lines": lines, "complete_year": "2027"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


def test_a_complete_year_without_its_dates_is_refused(office_user):
    response = _client(office_user).post(BULK, {"lines": "2026-10-10 上班", "complete_year": "2027"})
    assert "清单中没有 2027 年的日期" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_the_banner_shows_for_the_office_while_2027_is_uncovered(office_user, liaison_a):
    with time_machine.travel(DECEMBER_2026, tick=False):
        office_page = _client(office_user).get("/tasks/")
        liaison_page = _client(liaison_a).get("/tasks/")
        assert office_page.status_code == liaison_page.status_code == 200
        assert BANNER in office_page.content.decode()
        assert BULK in office_page.content.decode()
        assert "节假日安排尚未录入" not in liaison_page.content.decode()

        CalendarDay.objects.create(date=D(2027, 1, 1), is_working_day=False)
        assert BANNER in _client(office_user).get("/tasks/").content.decode()  # rows alone: still warned
        CalendarYear.objects.create(year=2027, complete=True)
        assert "节假日安排尚未录入" not in _client(office_user).get("/tasks/").content.decode()


def test_no_banner_in_a_year_the_library_covers(office_user):
    with time_machine.travel(datetime.datetime(2025, 6, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        assert "节假日安排尚未录入" not in _client(office_user).get("/tasks/").content.decode()
