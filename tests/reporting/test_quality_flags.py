"""Report quality flags for the office: identical to the previous report, completion without evidence, empty fields."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reporting.models import ProgressReport, ReportAttachment
from reporting.quality import with_quality_flags
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(agency_a, agency_b):
    this = timezone.localdate().replace(day=1)
    last = (this - datetime.timedelta(days=1)).replace(day=1)
    task = factories.task_with(lead=[agency_a], co=[agency_b], number="5")
    same = dict(content="推进中", problems="无", next_steps="继续推进")
    factories.ReportFactory(task=task, agency=agency_a, period=last, **same)
    made = {
        "identical": factories.ReportFactory(task=task, agency=agency_a, period=this, **same),
        # B's previous report differs: not identical; 100% without a file: no evidence.
        "no_evidence": factories.ReportFactory(task=task, agency=agency_b, period=this, content="已全部完成",
                                               problems="无", next_steps="巩固成效", percent=100),
        "missing": factories.ReportFactory(task=factories.task_with(lead=[agency_b]), agency=agency_b, period=this,
                                           content="正在推进", problems="", next_steps=""),
        "with_file": factories.ReportFactory(task=factories.task_with(lead=[agency_a]), agency=agency_a, period=this,
                                             content="已完成", problems="无", next_steps="无", percent=100),
        "no_progress": factories.ReportFactory(task=factories.task_with(lead=[agency_a]), agency=agency_a,
                                               period=this, content="本月无新进展", no_progress=True),
    }
    factories.ReportFactory(task=task, agency=agency_b, period=last, content="八月", problems="无", next_steps="无")
    attachment = ReportAttachment(report=made["with_file"], stored_name="x.pdf", original_name="验收报告.pdf",
                                  content_type="application/pdf", size=3)
    attachment.file.save("x.pdf", ContentFile(b"pdf"), save=True)
    return made


def _flags(report):
    row = with_quality_flags(ProgressReport.objects.filter(pk=report.pk)).get()
    return {f for f in ("identical", "no_evidence", "missing_fields") if getattr(row, f"flag_{f}")}


def test_flags(reports):
    assert _flags(reports["identical"]) == {"identical"}
    assert _flags(reports["no_evidence"]) == {"no_evidence"}
    assert _flags(reports["missing"]) == {"missing_fields"}
    assert _flags(reports["with_file"]) == set()
    assert _flags(reports["no_progress"]) == set()  # it says so itself


def test_office_page_filters_by_flag_and_others_may_not_see_it(client, reports, office_user, liaison_a, leader_user,
                                                               django_assert_max_num_queries):
    client.force_login(office_user)
    with django_assert_max_num_queries(12):
        response = client.get("/tasks/reports/quality/")
    shown = {r.pk for r in response.context["page"]}
    assert shown == {reports[k].pk for k in ("identical", "no_evidence", "missing")}
    response = client.get("/tasks/reports/quality/", {"flag": "no_evidence"})
    assert [r.pk for r in response.context["page"]] == [reports["no_evidence"].pk]
    assert "称已完成但无佐证" in response.content.decode()
    assert client.get("/tasks/reports/quality/", {"period": "2021-13"}).status_code == 400
    assert 'id="quality-link"' in client.get("/tasks/review/").content.decode()
    for user in (liaison_a, leader_user):
        client.force_login(user)
        assert client.get("/tasks/reports/quality/").status_code == 403
