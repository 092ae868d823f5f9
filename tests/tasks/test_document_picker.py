"""The task list's document filter: a search of the documents holding the user's tasks, not a <select> of all."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, AgencyFactory, DocumentFactory, SectionFactory, task_with

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def _section(doc_number, title):
    return SectionFactory(plan__document=DocumentFactory(doc_number=doc_number, title=title))


def _matches(client, **params) -> list[str]:
    response = client.get(reverse("tasks:document_options"), params)
    assert response.status_code == 200
    return [doc.doc_number for doc in response.context["documents"]]


def test_liaison_finds_only_documents_holding_their_tasks(agency_a, agency_b, liaison_a):
    mine = _section("湘政办函〔2021〕29号", "湖南省优化营商环境分工方案")
    helping = _section("湘政办发〔2022〕3号", "数字政府建设分工方案")
    other = _section("湘政办函〔2021〕30号", "湖南省营商环境评价方案")
    task_with(lead=[agency_a], section=mine)
    task_with(lead=[agency_b], co=[agency_a], section=helping)
    task_with(lead=[agency_b], section=other)
    client = _client(liaison_a)
    assert sorted(_matches(client)) == sorted(["湘政办函〔2021〕29号", "湘政办发〔2022〕3号"])
    assert _matches(client, document_q="营商") == ["湘政办函〔2021〕29号"]
    assert _matches(client, document_q="2022 数字") == ["湘政办发〔2022〕3号"]
    assert _matches(client, document_q="评价") == []
    assert "没有文号或标题含“评价”的文件" in client.get(reverse("tasks:document_options"), {"document_q": "评价"}).content.decode()


def test_office_finds_every_document_and_links_keep_the_other_filters(agency_a, office_user):
    section = _section("湘政办函〔2021〕29号", "湖南省优化营商环境分工方案")
    task_with(lead=[agency_a], section=section)
    _section("湘政办函〔2021〕30号", "无任务的文件")
    client = _client(office_user)
    assert len(_matches(client, document_q="湘政办函")) == 2
    html = client.get(reverse("tasks:document_options"),
                      {"document_q": "29号", "status": "in_progress", "q": "营商", "page": "3", "document": "7"}).content.decode()
    doc_id = section.plan.document_id
    assert f'href="/tasks/?status=in_progress&amp;q=%E8%90%A5%E5%95%86&amp;document={doc_id}"' in html


def test_list_page_shows_the_chosen_document_and_renders_no_document_options(agency_a, liaison_a):
    section = _section("湘政办函〔2021〕29号", "湖南省优化营商环境分工方案")
    for i in range(3):
        task_with(lead=[agency_a], section=_section(f"湘政办函〔2021〕{40 + i}号", f"方案{i}"))
    task_with(lead=[agency_a], section=section, number="9")
    client = _client(liaison_a)
    html = client.get(reverse("tasks:list")).content.decode()
    assert 'name="document"' not in html and 'hx-get="/tasks/documents/"' in html
    doc_id = section.plan.document_id
    response = client.get(reverse("tasks:list"), {"document": doc_id, "status": "not_started"})
    html = response.content.decode()
    assert [t.number for t in response.context["page"]] == ["9"]
    assert f'<input type="hidden" name="document" value="{doc_id}">' in html
    assert "湘政办函〔2021〕29号" in html and 'href="?status=not_started"' in html


def test_document_search_needs_a_role(client, agency_a, django_user_model):
    _section("湘政办函〔2021〕29号", "湖南省优化营商环境分工方案")
    response = client.get(reverse("tasks:document_options"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    response = client.get(reverse("tasks:document_options"))
    assert response.status_code == 403 and "湘政办函" not in response.content.decode()


def test_unfiltered_total_counts_each_visible_task_once(agency_a, agency_b, liaison_a):
    """The unfiltered list's total comes from the assignments (selectors.visible_task_count): no task twice."""
    collective = AgencyFactory(kind="collective", name="各市州人民政府", short_name="")
    collective.members.add(agency_a)
    task_with(lead=[agency_a], co=[collective])  # in scope twice
    task_with(lead=[collective])                 # through the collective only
    task_with(lead=[agency_b], co=[agency_a])
    task_with(lead=[agency_b])                   # not visible
    client = _client(liaison_a)
    unfiltered = client.get(reverse("tasks:list")).context["page"]
    assert unfiltered.paginator.count == 3 == len(unfiltered)
    filtered = client.get(reverse("tasks:list"), {"status": "not_started"}).context["page"]
    assert filtered.paginator.count == 3 == len(filtered)
