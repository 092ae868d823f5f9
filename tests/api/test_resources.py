"""Documents, agencies, reviews, notifications and the dashboard over the API."""

import pytest

from reminders.models import Notification
from tasks.models import Review
from tests.factories import AgencyFactory, AliasFactory, DocumentFactory, SectionFactory, UserFactory, task_with

pytestmark = pytest.mark.django_db


def result_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_documents_with_plans_sections_and_visible_task_counts(as_office, as_liaison_a, agency_a, agency_b):
    task = task_with(lead=[agency_a])
    task_with(lead=[agency_b], section=task.section)
    other_doc = task_with(lead=[agency_b]).document
    body = as_office.get("/api/documents/").json()
    rows = {row["id"]: row for row in body["results"]}
    assert set(rows) == {task.document_id, other_doc.pk}
    doc = rows[task.document_id]
    assert doc["task_count"] == 2 and "original_text" not in doc
    assert doc["plans"][0]["sections"][0] == {"id": task.section_id, "number": "一", "title": "纵深推进简政放权",
                                              "order": task.section.order}
    # A liaison sees the document of its task only, counting its own tasks.
    mine = as_liaison_a.get("/api/documents/").json()["results"]
    assert [(d["id"], d["task_count"]) for d in mine] == [(task.document_id, 1)]
    assert as_liaison_a.get(f"/api/documents/{other_doc.pk}/").status_code == 404
    detail = as_liaison_a.get(f"/api/documents/{task.document_id}/").json()
    assert "original_text" in detail


def test_document_filters(as_office, agency_a):
    old = task_with(lead=[agency_a], section=SectionFactory(plan__document=DocumentFactory(year=2020, title="优化营商环境方案")))
    new = task_with(lead=[agency_a])
    assert result_ids(as_office.get("/api/documents/", {"year": 2020})) == [old.document_id]
    assert result_ids(as_office.get("/api/documents/", {"q": "营商环境"})) == [old.document_id]
    assert result_ids(as_office.get("/api/documents/", {"q": new.document.doc_number})) == [new.document_id]
    assert as_office.get("/api/documents/", {"year": "二〇二一"}).status_code == 400


def test_agencies_with_aliases_members_and_filters(as_liaison_a, agency_a, agency_b):
    AliasFactory(agency=agency_a, name="省政务管理服务局")
    collective = AgencyFactory(name="各市州人民政府", kind="collective")
    collective.members.add(agency_b)
    rows = {r["id"]: r for r in as_liaison_a.get("/api/agencies/").json()["results"]}
    assert rows[agency_a.pk]["aliases"][0]["name"] == "省政务管理服务局"
    assert rows[collective.pk]["members"] == [agency_b.pk]
    assert "contact_emails" not in rows[agency_a.pk] and "webhook_url" not in rows[agency_a.pk]
    assert result_ids(as_liaison_a.get("/api/agencies/", {"q": "政务管理服务局"})) == [agency_a.pk]
    assert result_ids(as_liaison_a.get("/api/agencies/", {"kind": "collective"})) == [collective.pk]
    assert as_liaison_a.get("/api/agencies/", {"kind": "planet"}).status_code == 400
    assert as_liaison_a.get(f"/api/agencies/{agency_b.pk}/").json()["name"] == agency_b.name


def test_reviews_are_scoped_through_their_task(as_office, as_liaison_b, office_user, agency_a, agency_b):
    mine = task_with(lead=[agency_a])
    shared = task_with(lead=[agency_a], co=[agency_b])
    hidden = Review.objects.create(task=mine, decision="return", reviewer=office_user, reason="材料不全")
    seen = Review.objects.create(task=shared, decision="sign_off", reviewer=office_user)
    assert set(result_ids(as_office.get("/api/reviews/"))) == {hidden.pk, seen.pk}
    assert result_ids(as_office.get("/api/reviews/", {"decision": "return"})) == [hidden.pk]
    assert result_ids(as_liaison_b.get("/api/reviews/")) == [seen.pk]
    assert as_liaison_b.get(f"/api/reviews/{hidden.pk}/").status_code == 404
    row = as_office.get(f"/api/reviews/{hidden.pk}/").json()
    assert row["reviewer_name"] == office_user.username and row["decision_display"] == "退回"


def test_notifications_are_the_users_own_and_can_be_marked_read(as_liaison_a, liaison_a, liaison_b, as_leader,
                                                                leader_user):
    own = Notification.objects.create(recipient=liaison_a, title="临期提醒", body="3 项任务 7 天内到期")
    Notification.objects.create(recipient=liaison_a, title="已读消息")
    theirs = Notification.objects.create(recipient=liaison_b, title="别人的消息")
    assert len(result_ids(as_liaison_a.get("/api/notifications/"))) == 2
    assert as_liaison_a.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert as_liaison_a.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    read = as_liaison_a.post(f"/api/notifications/{own.pk}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True
    assert len(result_ids(as_liaison_a.get("/api/notifications/", {"unread": "true"}))) == 1
    assert as_liaison_a.post("/api/notifications/read-all/").json() == {"marked": 1}
    assert result_ids(as_liaison_a.get("/api/notifications/", {"unread": "true"})) == []
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # Leadership may clear its own inbox: that is not a business write.
    mine = Notification.objects.create(recipient=leader_user, title="日报")
    assert as_leader.post(f"/api/notifications/{mine.pk}/read/").status_code == 200


def test_dashboard_summary_scoped_and_filtered(as_office, as_liaison_a, agency_a, agency_b):
    task_with(lead=[agency_a])
    task_with(lead=[agency_b])
    office = as_office.get("/api/dashboard/").json()
    assert office["scope"] == "all" and office["totals"]["total"] == 2
    liaison = as_liaison_a.get("/api/dashboard/").json()
    assert liaison["scope"] == "agency" and liaison["totals"]["total"] == 1
    assert as_office.get("/api/dashboard/", {"agency": agency_b.pk}).json()["filters"]["agency"] == agency_b.pk
    assert as_office.get("/api/dashboard/", {"year": 1990}).json()["totals"]["total"] == 0
    for bad in ({"year": "abc"}, {"document": "-1"}, {"agency": "x"}):
        response = as_office.get("/api/dashboard/", bad)
        assert response.status_code == 400 and set(bad) <= set(response.json()["errors"])


def test_user_without_a_role_gets_403_everywhere():
    from tests.api.conftest import token_client

    user = UserFactory(role="office")
    user.profile.delete()
    response = token_client(user).get("/api/tasks/")
    assert response.status_code == 403
    assert response.json()["detail"] == "您的账号尚未分配角色，请联系督查室。"
