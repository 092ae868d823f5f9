"""One visibility rule for reports, checked on every surface: the task page (text and attachment
downloads), /api/tasks/{id}/reports/, /api/reports/{id}/, /api/reports/ and the ledger (.xlsx, .csv).

One task led by A with co-agencies B and C. A reported in November, B in September, C's December
report still waits for C's head. Each actor below must see exactly the reports listed, on every
surface, and the ledger's 最新进展 must print the latest of them (or nothing).
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from reporting.models import ReportAttachment
from tasks.choices import ReportStatus
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

PERIODS = {"A": datetime.date(2021, 11, 1), "B": datetime.date(2021, 9, 1), "C": datetime.date(2021, 12, 1)}
EXPECTED = {  # actor → reports it sees (None: the task itself is not visible)
    "office": {"A", "B"},
    "leader": {"A", "B"},
    "liaison_a": {"A", "B"},  # the lead sees the co agencies' reports, not C's draft
    "head_a": {"A", "B"},
    "liaison_b": {"B"},  # a co agency sees only its own
    "liaison_c": {"C"},  # …its draft awaiting the head included
    "head_c": {"C"},
    "outsider": None,
}


def _marker(agency: str) -> str:
    return f"进展标记{agency}{agency}{agency}"


@pytest.fixture
def world(settings, tmp_path, agency_a, agency_b):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    agency_c = factories.AgencyFactory(name="湖南省发展和改革委员会", short_name="省发改委")
    agency_d = factories.AgencyFactory(name="湖南省财政厅", short_name="省财政厅")
    agencies = {"A": agency_a, "B": agency_b, "C": agency_c}
    task = factories.task_with(lead=[agency_a], co=[agency_b, agency_c])
    reports, attachments = {}, {}
    for name, agency in agencies.items():
        status = ReportStatus.PENDING_HEAD if name == "C" else ReportStatus.SUBMITTED
        reports[name] = report = factories.ReportFactory(task=task, agency=agency, period=PERIODS[name],
                                                         content=_marker(name), status=status)
        attachments[name] = ReportAttachment.objects.create(
            report=report, file=SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4 evidence"), stored_name=f"{name}x.pdf",
            original_name=f"佐证{name}.pdf", content_type="application/pdf", size=17)
    users = {
        "office": factories.UserFactory(role="office"), "leader": factories.UserFactory(role="leader"),
        "liaison_a": factories.UserFactory(role="liaison", agency=agency_a),
        "head_a": factories.UserFactory(role="head", agency=agency_a),
        "liaison_b": factories.UserFactory(role="liaison", agency=agency_b),
        "liaison_c": factories.UserFactory(role="liaison", agency=agency_c),
        "head_c": factories.UserFactory(role="head", agency=agency_c),
        "outsider": factories.UserFactory(role="liaison", agency=agency_d),
    }
    return {"task": task, "reports": reports, "attachments": attachments, "users": users}


def _markers_in(text: str) -> set[str]:
    return {name for name in PERIODS if _marker(name) in text}


def _page(user, world) -> set[str] | None:
    client = Client()
    client.force_login(user)
    task = world["task"]
    response = client.get(f"/tasks/{task.pk}/")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    seen = _markers_in(response.content.decode())
    downloads = {name for name, att in world["attachments"].items()
                 if client.get(f"/tasks/{task.pk}/attachments/{att.pk}/").status_code == 200}
    assert downloads == seen, "attachments follow their reports"
    return seen


def _api(user, world) -> set[str] | None:
    api = token_client(user)
    task = world["task"]
    response = api.get(f"/api/tasks/{task.pk}/reports/")
    if response.status_code == 404:
        by_id = {name for name, r in world["reports"].items() if api.get(f"/api/reports/{r.pk}/").status_code != 404}
        assert by_id == set()
        return None
    assert response.status_code == 200
    listed = _markers_in(" ".join(r["content"] for r in response.json()["results"]))
    by_id = {name for name, r in world["reports"].items() if api.get(f"/api/reports/{r.pk}/").status_code == 200}
    in_list = _markers_in(" ".join(r["content"] for r in api.get("/api/reports/").json()["results"]))
    assert listed == by_id == in_list
    return listed


def _ledger_cell(user, kind: str) -> str | None:
    """最新进展 of the task's row, or None when the ledger has no row for it."""
    client = Client()
    client.force_login(user)
    response = client.get(f"/dashboard/export.{kind}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if kind == "xlsx":
        rows = [list(r) for ws in load_workbook(io.BytesIO(body)).worksheets if ws.title != "汇总"
                for r in ws.iter_rows(min_row=2, values_only=True)]
        rows = [r for r in rows if r[0] != "（没有符合条件的任务）"]
    else:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    if not rows:
        return None
    (row,) = rows
    return row[7] or ""


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_surface_shows_the_same_reports(world, who):
    user, expected = world["users"][who], EXPECTED[who]
    assert _page(user, world) == expected
    assert _api(user, world) == expected
    for kind in ("xlsx", "csv"):
        cell = _ledger_cell(user, kind)
        if expected is None:
            assert cell is None
            continue
        latest = max(expected, key=PERIODS.get)
        assert _markers_in(cell) == {latest}, f"{kind}: {cell!r}"
        assert cell.startswith(f"{PERIODS[latest].year}年{PERIODS[latest].month}月 ")


def test_the_head_approving_the_draft_shows_it_to_the_lead_and_the_office(world):
    from reporting import services

    services.report_approve(user=world["users"]["head_c"], report=world["reports"]["C"])
    assert _page(world["users"]["office"], world) == {"A", "B", "C"}
    assert _api(world["users"]["liaison_a"], world) == {"A", "B", "C"}
    assert _api(world["users"]["liaison_b"], world) == {"B"}
