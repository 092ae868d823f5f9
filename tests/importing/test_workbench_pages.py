"""The workbench page without JavaScript: every button is a plain post; errors keep the typing; permissions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import AgencyAlias
from documents.models import Document
from importing.drafts import drafts_from_parsed
from importing.services import document_preview
from importing.workbench_forms import draft_initial
from tasks.models import Task
from tests import factories

from .conftest import row_counts
from .test_import_pages import preview_url, upload
from .workbench_plans import NEW_NAME, numbered_plan, plan_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


def _post_data(drafts=None, **extra):
    """What the page posts for these drafts (the parser's by default), as a browser would."""
    drafts = drafts if drafts is not None else drafts_from_parsed(document_preview(data=plan_bytes(), filename="p.txt").parsed)
    data = {"t-TOTAL_FORMS": str(len(drafts)), "t-INITIAL_FORMS": str(len(drafts)), "t-MIN_NUM_FORMS": "0",
            "t-MAX_NUM_FORMS": "2000", "reading": ""}
    for k, draft in enumerate(drafts):
        for name, value in draft_initial(draft).items():
            data[f"t-{k}-{name}"] = "" if value is None else str(value)
    data.update(extra)
    return data


def _cards(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<textarea name="t-\d+-text"[^>]*>([^<]*)</textarea>', html)


def test_drop_merge_split_are_plain_posts_and_save_nothing(agency_a, agency_b, office_client):
    url = preview_url(upload(office_client, plan_bytes()))
    dropped = office_client.post(url, _post_data(op="drop:3"))
    assert dropped.status_code == 200 and len(_cards(dropped)) == 3
    merged = office_client.post(url, _post_data(op="merge:0"))
    texts = _cards(merged)
    assert len(texts) == 3 and "一网通办" in texts[0] and "营商环境评价" in texts[0]
    split = office_client.post(url, _post_data(op="split:2", split_at="5"))
    assert len(_cards(split)) == 5 and 'value="3-2"' in split.content.decode()
    ticked = office_client.post(url, _post_data(op="refresh", **{"t-1-DELETE": "on"}))
    assert len(_cards(ticked)) == 3
    assert not Document.objects.exists()


def test_a_bad_date_keeps_the_typing_and_saves_nothing(agency_a, agency_b, office_client):
    url = preview_url(upload(office_client, plan_bytes()))
    before = row_counts()
    response = office_client.post(url, _post_data(op="confirm", **{"t-0-deadline": "2030-02-30",
                                                                   "t-0-text": "改过的任务内容，尚未保存。"}))
    html = response.content.decode()
    assert response.status_code == 200 and "完成时限须为有效日期" in html and "请先改正下方标红的内容" in html
    assert "改过的任务内容，尚未保存。" in html
    assert row_counts() == before


def test_an_empty_text_is_refused(agency_a, agency_b, office_client):
    url = preview_url(upload(office_client, plan_bytes()))
    response = office_client.post(url, _post_data(op="confirm", **{"t-1-text": "   "}))
    assert "任务内容不能为空" in response.content.decode() and not Document.objects.exists()


def test_a_choice_follows_its_name_and_saving_remembers_it(agency_a, agency_b, office_client):
    url = preview_url(upload(office_client, plan_bytes()))
    # The office types a second unknown name before the first: the first's choice must not move to it.
    data = _post_data(op="confirm", **{"t-0-co": "另一个新单位", "mapname_0": NEW_NAME, "map_0": str(agency_b.pk)})
    response = office_client.post(url, data)
    html = response.content.decode()
    assert "请为“另一个新单位”选择对应的单位" in html
    assert re.search(rf'name="mapname_1" value="{NEW_NAME}"', html)
    selected = re.search(r'<select name="map_1".*?</select>', html, re.S).group(0)
    assert f'<option value="{agency_b.pk}" selected>' in selected
    data.update({"mapname_0": "另一个新单位", "map_0": str(agency_a.pk), "mapname_1": NEW_NAME,
                 "map_1": str(agency_b.pk)})
    saved = office_client.post(url, data)
    document = Document.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/documents/{document.pk}/"
    assert set(AgencyAlias.objects.values_list("name", "agency_id")) == {("另一个新单位", agency_a.pk),
                                                                         (NEW_NAME, agency_b.pk)}
    assert Task.objects.filter(document=document).count() == 4
    page = office_client.get(saved["Location"]).content.decode()
    assert "导入时人工修改" in page and "修改 一·一·1 的配合单位" in page


@pytest.mark.parametrize("role", ["liaison", "leader", "head"])
def test_only_the_office_reaches_the_workbench(agency_a, agency_b, office_client, client, role):
    url = preview_url(upload(office_client, plan_bytes()))
    other = factories.UserFactory(role=role, agency=agency_a if role in ("liaison", "head") else None)
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert client.post(url, _post_data(op="confirm", mapname_0=NEW_NAME, map_0=str(agency_b.pk))).status_code == 403
    assert not Document.objects.exists() and not AgencyAlias.objects.exists()


def test_corrections_are_shown_to_the_office_not_to_liaisons(agency_a, agency_b, office_client, client):
    url = preview_url(upload(office_client, plan_bytes()))
    office_client.post(url, _post_data(op="confirm", mapname_0=NEW_NAME, map_0=str(agency_b.pk)))
    document = Document.objects.get()
    assert "document-corrections" in office_client.get(f"/documents/{document.pk}/").content.decode()
    client.force_login(factories.UserFactory(role="liaison", agency=agency_a))
    page = client.get(f"/documents/{document.pk}/")
    assert page.status_code == 200 and "document-corrections" not in page.content.decode()


def test_preview_page_queries_do_not_grow_with_tasks(agency_a, agency_b, office_client):
    counts = []
    for tasks in (5, 40):
        url = preview_url(upload(office_client, numbered_plan(tasks, unknown=NEW_NAME).encode()))
        with CaptureQueriesContext(connection) as queries:
            response = office_client.get(url)
        assert response.status_code == 200 and len(_cards(response)) == tasks
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts


def test_a_tampered_formset_is_refused_with_a_message(agency_a, agency_b, office_client):
    url = preview_url(upload(office_client, plan_bytes()))
    data = _post_data(op="confirm", mapname_0=NEW_NAME, map_0=str(agency_b.pk))
    data["t-TOTAL_FORMS"] = "5000"
    response = office_client.post(url, data)
    assert response.status_code == 200 and "请先改正" in response.content.decode()
    assert not Document.objects.exists()
