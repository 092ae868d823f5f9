"""The upload page imports every real format: upload → preview → confirm → the saved tasks."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from tasks.choices import AssignmentRole
from tasks.models import Task

from .conftest import GOOD_FILES
from .test_readers import EXPECTED

pytestmark = pytest.mark.django_db
IMPORT_URL = "/documents/import/"


def saved_tasks(document) -> list[tuple]:
    out = []
    for task in Task.objects.filter(document=document).order_by("order").prefetch_related("assignments"):
        names = {role: [a.name_as_printed for a in task.assignments.all() if a.role == role and not a.is_global]
                 for role in (AssignmentRole.LEAD, AssignmentRole.CO)}
        out.append((task.number, task.text, names[AssignmentRole.LEAD], names[AssignmentRole.CO], str(task.deadline)))
    return out


@pytest.mark.parametrize(("case", "filename", "build", "plan"), GOOD_FILES, ids=[g[0] for g in GOOD_FILES])
def test_upload_preview_confirm_of_each_format(agencies, office_client, built, case, filename, build, plan):
    response = office_client.post(IMPORT_URL, {"file": SimpleUploadedFile(filename, built[case])})
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    page = office_client.get(url).content.decode()
    expected = EXPECTED[plan]
    assert f"{len(expected)}</strong> 项任务" in page
    assert Document.objects.count() == 0
    # Create every unit the agency table does not know, as the office would choose 新建单位.
    mapping = {field: "new" for field in re.findall(r'name="(map_\d+)"', page)}
    response = office_client.post(url, mapping)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.source_filename == filename
    tasks = saved_tasks(document)
    assert len(tasks) == len(expected)
    for (number, text, lead, co, deadline), (e_number, e_start, e_lead, e_co, e_deadline) in zip(
        tasks, expected, strict=True
    ):
        assert (number, sorted(lead), sorted(co), deadline) == (e_number, sorted(e_lead), sorted(e_co), e_deadline)
        assert text.startswith(e_start)
    assert "\t" in document.original_text or plan == "prose"  # tables kept as TAB rows in the 原文
