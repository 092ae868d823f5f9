"""The OpenAPI schema says what the API does: nullable days_left, bounded ids and pages, file xor text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import task_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(as_office):
    return as_office.get("/api/schema/?format=json").json()


def test_days_left_is_nullable_as_a_task_without_deadline_shows(schema, as_office, agency_a):
    assert schema["components"]["schemas"]["Task"]["properties"]["days_left"]["nullable"] is True
    task = task_with(lead=[agency_a], deadline=None, deadline_text="长期坚持")
    assert as_office.get(f"/api/tasks/{task.pk}/").json()["days_left"] is None


def test_ids_and_page_numbers_start_at_one_as_the_api_refuses_zero(schema, as_office):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id" or parameter["name"] in ("page", "page_size"):
                    assert parameter["schema"]["type"] == "integer" and parameter["schema"]["minimum"] == 1, path
    assert as_office.get("/api/tasks/0/").status_code == 400
    assert as_office.get("/api/tasks/", {"page": 0}).status_code == 400


def test_an_import_takes_a_file_or_a_text_exactly_one(schema, as_office):
    upload = schema["components"]["schemas"]["ImportUploadInput"]
    assert upload["oneOf"] == [{"required": ["file"]}, {"required": ["text"]}]
    assert upload["properties"]["file"]["format"] == "binary"
    body = schema["paths"]["/api/documents/import/preview/"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"].endswith("/ImportUploadInputText")
    assert schema["components"]["schemas"]["ImportUploadInputText"]["required"] == ["text"]
    both = as_office.post("/api/documents/import/preview/",
                          {"text": "一、任务\n1. 推进。（省政务局负责）", "file": SimpleUploadedFile("a.txt", b"x")},
                          format="multipart")
    neither = as_office.post("/api/documents/import/preview/", {}, format="multipart")
    assert both.status_code == neither.status_code == 400
