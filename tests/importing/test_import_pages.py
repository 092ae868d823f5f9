"""The office's import pages: upload → preview → confirm, errors, permissions, forged confirms, document page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency
from documents.models import Document
from tasks.models import Assignment, Task
from tests import factories

from .bad_inputs import BAD_INPUTS
from .conftest import SEEDS, SMALL_PLAN, row_counts, seed_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/documents/import/"


def upload(client, data: bytes, filename: str = "plan.txt"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, data)})


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/documents/import/[\w-]+/", response["Location"])
    return response["Location"]


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


def test_url_names():
    assert reverse("documents:import") == IMPORT_URL
    assert reverse("documents:detail", args=[5]) == "/documents/5/"


def test_upload_preview_confirm_creates_the_document(agencies, office_client, office_user):
    name = SEEDS[0]
    url = preview_url(upload(office_client, seed_bytes(name), name))
    assert Document.objects.count() == 0  # the preview writes nothing
    page = office_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "湘政办函〔2021〕29号" in html and "63</strong> 项任务" in html
    assert "省政务局" in html and "2021年9月底前" in html and "推定" in html
    response = office_client.post(url, {})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    assert document.imported_by == office_user and document.source_filename == name
    assert Task.objects.filter(document=document).count() == 63
    detail = office_client.get(response["Location"])
    assert detail.status_code == 200
    first = Task.objects.filter(document=document).order_by("order").first()
    assert f'href="/tasks/{first.pk}/"' in detail.content.decode()
    # The pending upload is gone: a second confirm cannot import twice.
    again = office_client.post(url, {})
    assert again.status_code == 302 and again["Location"] == IMPORT_URL
    assert Document.objects.count() == 1


def test_pasted_text_is_accepted(agencies, office_client):
    response = office_client.post(IMPORT_URL, {"text": SMALL_PLAN.replace("测试新单位", "省财政厅")})
    page = office_client.get(preview_url(response))
    assert "湖南省2030年测试重点任务分工方案" in page.content.decode()


def test_gbk_upload_is_decoded(agencies, office_client):
    url = preview_url(upload(office_client, SMALL_PLAN.replace("测试新单位", "省财政厅").encode("gbk")))
    office_client.post(url, {})
    assert Task.objects.filter(text__contains="一网通办").count() == 1


@pytest.mark.parametrize(("case", "filename", "data", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_upload_shows_a_chinese_error_and_writes_nothing(agencies, office_client, case, filename, data, message):
    before = row_counts()
    response = upload(office_client, data, filename)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html or (case == "empty" and "空文件" in html), html[:3000]
    assert row_counts() == before


def test_upload_needs_a_file_or_text(office_client):
    response = office_client.post(IMPORT_URL, {})
    assert "请选择要导入的文件，或粘贴方案全文" in response.content.decode()


def test_unresolved_names_need_a_choice_before_saving(agencies, office_client):
    url = preview_url(upload(office_client, SMALL_PLAN.encode()))
    page = office_client.get(url).content.decode()
    assert "未匹配的单位名称（1）" in page and 'name="map_0"' in page and "新建单位" in page
    before = row_counts()
    response = office_client.post(url, {})
    assert response.status_code == 200
    assert "请为“测试新单位”选择对应的单位" in response.content.decode()
    assert row_counts() == before


def test_mapping_an_unresolved_name_to_an_existing_agency(agencies, office_client):
    target = Agency.objects.get(name="湖南省财政厅")
    url = preview_url(upload(office_client, SMALL_PLAN.encode()))
    response = office_client.post(url, {"map_0": str(target.pk)})
    assert response.status_code == 302
    assignment = Assignment.objects.get(name_as_printed="测试新单位")
    assert assignment.agency == target


def test_creating_an_agency_for_an_unresolved_name(agencies, office_client):
    url = preview_url(upload(office_client, SMALL_PLAN.encode()))
    office_client.post(url, {"map_0": "new"})
    assert Assignment.objects.get(name_as_printed="测试新单位").agency.name == "测试新单位"


def test_existing_doc_number_needs_replace(agencies, office_client):
    plan = SMALL_PLAN.replace("测试新单位", "省财政厅").encode()
    office_client.post(preview_url(upload(office_client, plan)), {})
    url = preview_url(upload(office_client, plan))
    page = office_client.get(url).content.decode()
    assert "已于" in page and 'name="replace"' in page
    before = row_counts()
    refused = office_client.post(url, {})
    assert refused.status_code == 200 and "不能重复导入" in refused.content.decode()
    assert row_counts() == before
    replaced = office_client.post(url, {"replace": "on"})
    assert replaced.status_code == 302 and Document.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "liaison", "head", "leader"])
def test_import_pages_are_for_the_office_only(agencies, client, office_user, role, agency_a):
    office = client.__class__()
    office.force_login(office_user)
    url = preview_url(upload(office, SMALL_PLAN.replace("测试新单位", "省财政厅").encode()))
    if role != "anonymous":
        client.force_login(factories.UserFactory(role=role, agency=agency_a if role in ("liaison", "head") else None))
    before = row_counts()
    for response in (
        client.get(IMPORT_URL),
        upload(client, SMALL_PLAN.encode()),
        client.get(url),
        client.post(url, {"map_0": "new"}),
    ):
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
    assert row_counts() == before


def test_a_token_from_another_session_imports_nothing(agencies, client, office_user):
    """Even another office user cannot confirm someone else's upload by its URL."""
    owner = client.__class__()
    owner.force_login(office_user)
    url = preview_url(upload(owner, SMALL_PLAN.replace("测试新单位", "省财政厅").encode()))
    client.force_login(factories.UserFactory(role="office"))
    before = row_counts()
    response = client.post(url, {})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    assert row_counts() == before


def test_a_session_handed_to_a_liaison_cannot_confirm(agencies, client, office_user, liaison_a):
    """Logging in as a liaison in the office's browser: the pending upload is not theirs, and 403 anyway."""
    client.force_login(office_user)
    url = preview_url(upload(client, SMALL_PLAN.replace("测试新单位", "省财政厅").encode()))
    client.force_login(liaison_a)
    before = row_counts()
    assert client.post(url, {}).status_code == 403
    assert row_counts() == before


def test_admin_changelist_links_to_the_import_page(office_client, office_user):
    office_user.is_superuser = True
    office_user.save()
    html = office_client.get("/admin/documents/document/").content.decode()
    assert 'href="/documents/import/"' in html


def _document_with_tasks(n: int, agency) -> Document:
    document = factories.DocumentFactory()
    section = factories.SectionFactory(plan=factories.PlanFactory(document=document))
    for _ in range(n):
        factories.task_with(lead=[agency], co=[factories.AgencyFactory()], section=section)
    return document


def test_document_page_shows_only_visible_tasks_to_liaisons(client, agency_a, agency_b, liaison_a, liaison_b):
    document = _document_with_tasks(2, agency_b)
    mine = factories.task_with(lead=[agency_a], section=document.plans.get().sections.get())
    client.force_login(liaison_a)
    html = client.get(f"/documents/{document.pk}/").content.decode()
    assert f"/tasks/{mine.pk}/" in html and len(re.findall(r'href="/tasks/\d+/"', html)) == 1
    client.force_login(factories.UserFactory(role="liaison", agency=factories.AgencyFactory()))
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_document_page_anonymous_and_missing(client, office_user):
    assert client.get("/documents/1/").status_code == 302
    client.force_login(office_user)
    assert client.get("/documents/999999/").status_code == 404


@pytest.mark.parametrize("role", ["office", "leader"])
def test_document_page_query_count_does_not_grow_with_tasks(client, agency_a, django_assert_max_num_queries, role):
    client.force_login(factories.UserFactory(role=role))
    small, large = _document_with_tasks(3, agency_a), _document_with_tasks(6, agency_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/documents/{small.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/documents/{large.pk}/").status_code == 200
    assert len(many) == len(few) <= 12


def test_ambiguous_name_offers_its_candidates_first(agencies, office_client):
    first = factories.AgencyFactory(name="测试新单位一", short_name="测试新单位")
    second = factories.AgencyFactory(name="测试新单位二", short_name="测试新单位")
    page = office_client.get(preview_url(upload(office_client, SMALL_PLAN.encode()))).content.decode()
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page)
    assert options[:4] == [("", "请选择…"), ("new", "新建单位"), (str(first.pk), "测试新单位一（同名候选）"),
                           (str(second.pk), "测试新单位二（同名候选）")]
