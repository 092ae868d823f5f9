"""Corrections to the generated OpenAPI schema, so that it says what the API does (drf-spectacular hook).

- Ids in paths and id filters are positive 32-bit integers (the API answers 404/400 to 0, -1 or
  "abc"); page numbers start at 1 and page sizes go up to the paginator's maximum.
- An import takes a file (multipart) or the plan's text, exactly one of them; uploads are binary; a corrected
  task has a number and a text, and a corrected task list is not empty.
Schemathesis (tests/api/test_schemathesis.py) checks the API against this schema with all its checks.
"""

from .api_common import MONTH_PATTERN
from .pagination import BoundedPageNumberPagination

MAX_ID = 2**31 - 1
ID_FILTERS = {"id", "agency", "document", "section", "plan", "task"}
IMPORT_INPUTS = ("ImportUploadInput", "ImportConfirmInput")
MAX_FILTER_ID = 2**63 - 1
# Formats the views check themselves: leadership.scores.parse_period (years 2000–2100) and
# leadership.changes.parse_since (a date from 2000 on).
QUERY_PATTERNS = {
    ("/api/scores/", "period"): MONTH_PATTERN,
    ("/api/changes/", "since"): r"^(2[0-9]{3})-[0-9]{2}-[0-9]{2}$",
    ("/api/briefing.docx", "since"): r"^(2[0-9]{3})-[0-9]{2}-[0-9]{2}$",
}
QUERY_BOUNDS = {  # (path, name) or name → (minimum, maximum), as the filters validate them
    ("/api/documents/", "year"): (1, 9999),
    ("/api/dashboard/", "year"): (1949, 2100),
    "task": (1, MAX_FILTER_ID), "document": (1, MAX_FILTER_ID), "agency": (1, MAX_FILTER_ID),
    "section": (1, MAX_FILTER_ID),
}


def _parameters(result: dict) -> None:
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                name, schema = parameter["name"], parameter.setdefault("schema", {})
                if parameter["in"] == "path" and name in ID_FILTERS:
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                elif name == "page":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                elif name == "page_size":
                    # Above the paginator's maximum is served at the maximum, not refused (tests/api/test_tasks.py).
                    parameter["schema"] = {"type": "integer", "minimum": 1}
                    parameter["description"] = (f"每页条数，1 起；超过 {BoundedPageNumberPagination.max_page_size} "
                                                f"按 {BoundedPageNumberPagination.max_page_size} 返回")
                elif (path, name) in QUERY_PATTERNS:
                    schema.update(type="string", pattern=QUERY_PATTERNS[(path, name)])  # keeps format: date
                elif schema.get("type") in ("integer", "number") and "minimum" not in schema:
                    # The filters' own bounds (fangguanfu.api_common.IdFilter; a year filter of documents).
                    low, high = QUERY_BOUNDS.get((path, name), QUERY_BOUNDS.get(name, (None, None)))
                    if low is not None:
                        schema.update(type="integer", minimum=low, maximum=high)


UPLOAD_FIELDS = {"file", "attachments"}  # FileFields, which drf-spectacular describes as URIs


def _binary(schema: dict) -> None:
    for name, prop in schema.get("properties", {}).items():
        target = prop.get("items", prop)
        if name in UPLOAD_FIELDS and target.get("format") == "uri":
            target["format"] = "binary"


def _one_of_file_or_text(result: dict) -> None:
    schemas = result.get("components", {}).get("schemas", {})
    for name in IMPORT_INPUTS:
        schema = schemas.get(name)
        if schema is None:
            continue
        schema["properties"]["file"].pop("nullable", None)
        schema["properties"]["text"].update(minLength=1, pattern=r"\S")  # blank text is no text
        # JSON can carry only the text; a form carries one or the other, never both.
        text_only = {k: v for k, v in schema.items() if k != "properties"}
        text_only["properties"] = {k: v for k, v in schema["properties"].items() if k != "file"}
        text_only["required"] = ["text"]
        schemas[f"{name}Text"] = text_only
        # oneOf: exactly one branch holds, so a form with both (or neither) is invalid, as the API says.
        schema["oneOf"] = [{"required": ["file"]}, {"required": ["text"]}]
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            content = (operation.get("requestBody") or {}).get("content", {}) if isinstance(operation, dict) else {}
            json_body = content.get("application/json", {}).get("schema", {})
            ref = json_body.get("$ref", "").rsplit("/", 1)[-1]
            if ref in IMPORT_INPUTS:
                json_body["$ref"] = f"#/components/schemas/{ref}Text"


NON_BLANK = {"minLength": 1, "pattern": r"\S"}
# Text the serializers refuse when blank (DRF trims it first), and lists they refuse when empty.
NON_BLANK_FIELDS = {"CorrectedTaskInput": ("number", "text")}
NON_EMPTY_LISTS = {name: ("tasks",) for name in IMPORT_INPUTS}


def _non_blank(result: dict) -> None:
    schemas = result.get("components", {}).get("schemas", {})
    for name, fields in NON_BLANK_FIELDS.items():
        for field in fields:
            schemas.get(name, {}).get("properties", {}).get(field, {}).update(NON_BLANK)
    for name, fields in NON_EMPTY_LISTS.items():
        for field in fields:
            prop = schemas.get(name, {}).get("properties", {}).get(field)
            if prop is not None and prop.get("type") == "array":
                prop["minItems"] = 1


def postprocess(result, generator, request, public):
    _parameters(result)
    _non_blank(result)
    for schema in result.get("components", {}).get("schemas", {}).values():
        _binary(schema)
    _one_of_file_or_text(result)
    return result
