"""Two people saving the same report: the second is told, and nothing is silently overwritten."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reporting import services as report_services
from reporting.models import ProgressReport
from tasks import services
from tests.factories import PASSWORD, UserFactory, task_with
from tests.helpers import db_state, this_month


@pytest.fixture
def task(agency_a):
    return task_with(lead=[agency_a])


@pytest.fixture
def second_liaison(agency_a):
    return UserFactory(role="liaison", agency=agency_a)


def test_second_save_with_same_version_is_refused(task, liaison_a, second_liaison):
    report = report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="初稿")
    loaded_version = report.version  # both people open the form now
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="张三的修改",
                           expected_version=loaded_version)
    state = db_state()
    with pytest.raises(services.EditConflict) as exc:
        report_services.report_submit(user=second_liaison, task=task, period=this_month(), content="李四的修改",
                               expected_version=loaded_version)
    assert "第2版" in exc.value.message and "没有保存" in exc.value.message
    assert db_state() == state
    assert ProgressReport.objects.get().content == "张三的修改"


def test_two_new_reports_for_the_same_month_do_not_overwrite(task, liaison_a, second_liaison):
    report_services.report_submit(user=liaison_a, task=task, period=this_month(), content="张三先报")
    state = db_state()
    with pytest.raises(services.EditConflict, match="已报送过"):
        report_services.report_submit(user=second_liaison, task=task, period=this_month(), content="李四后报")
    assert db_state() == state


def test_conflict_through_the_form_keeps_both_texts_visible(task, liaison_a, second_liaison):
    url = reverse("tasks:report", args=[task.pk])
    month = this_month().strftime("%Y-%m")
    first, second = Client(), Client()
    first.login(username=liaison_a.username, password=PASSWORD)
    second.login(username=second_liaison.username, password=PASSWORD)
    assert first.post(url, {"period": month, "content": "初稿"}).status_code == 302
    # Both open the edit form at version 1.
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()
    assert first.post(url, {"period": month, "content": "张三的修改", "version": "1"}).status_code == 302
    state = db_state()
    response = second.post(url, {"period": month, "content": "李四的修改", "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "您的内容没有保存" in html
    assert "张三的修改" in html and "李四的修改" in html  # what was saved, and what the user typed
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    assert db_state() == state
    assert ProgressReport.objects.get().content == "张三的修改"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_one_wins_one_is_told(agency_a):
    """Real concurrency: two threads, two connections, the same version."""
    task = task_with(lead=[agency_a])
    users = [UserFactory(role="liaison", agency=agency_a) for _ in range(2)]
    report_services.report_submit(user=users[0], task=task, period=this_month(), content="初稿")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, text):
        try:
            barrier.wait()
            report_services.report_submit(user=user, task=task, period=this_month(), content=text, expected_version=1)
            outcomes.append(("saved", text))
        except services.EditConflict:
            outcomes.append(("conflict", text))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, f"第{i}人的修改")) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(text for kind, text in outcomes if kind == "saved")
    report = ProgressReport.objects.get()
    assert report.content == winner and report.version == 2
