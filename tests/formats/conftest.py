"""Fixtures of the format tests: every real file built once per session, the agency table,
and the row counts a refused import must leave unchanged."""

import pytest

from tests.importing.conftest import agencies, row_counts  # noqa: F401  (fixture and helper)

from . import builders
from .plans import prose_text, table_text

# (id, file name, builder, plan): each readable format of each plan.
GOOD_FILES = [
    ("docx_prose", "方案.docx", builders.docx_prose, "prose"),
    ("pdf_prose", "方案.pdf", builders.pdf_prose, "prose"),
    ("html_prose", "方案.html", builders.html_prose, "prose"),
    ("docx_table", "分工表.docx", builders.docx_table, "table"),
    ("pdf_table", "分工表.pdf", builders.pdf_table, "table"),
    ("html_table", "分工表.htm", builders.html_table, "table"),
    ("xlsx_table", "分工表.xlsx", builders.xlsx_table, "table"),
]
TEXTS = {"prose": prose_text, "table": table_text}


@pytest.fixture(scope="session")
def built():
    """id → bytes of every good file, built once (the PDF font and the bomb take a moment)."""
    return {case: build() for case, _, build, _ in GOOD_FILES}


@pytest.fixture(scope="session")
def bomb():
    return builders.docx_bomb(200)


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client
