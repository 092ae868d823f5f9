"""The task list must not name a document in which the user's agency has no task.

The document page answers 404 for it and the API leaves it out; `?document=<id>`
used to make the list print its 文号/标题 as the selected filter. The list now
names the selected document only when it holds one of the user's tasks.
"""

import pytest
from django.test import Client

from tests.factories import DocumentFactory, task_with

pytestmark = pytest.mark.django_db


def test_task_list_does_not_name_another_agencys_document(agency_a, agency_b, liaison_b):
    secret = DocumentFactory(doc_number="湘政办函〔2099〕1号", title="仅甲单位承担的文件")
    task_with(lead=[agency_a], section__plan__document=secret)
    task_with(lead=[agency_b])
    client = Client()
    client.force_login(liaison_b)
    page = client.get("/tasks/", {"document": secret.pk}).content.decode()
    assert "湘政办函〔2099〕1号" not in page and "仅甲单位承担的文件" not in page
