"""Imports run one way: each room may import only the rooms below it (issue 12).

The order is the one the rooms' docstrings state. `fangguanfu.urls` and `fangguanfu.api_urls` are the
one place that sees everything (they wire the rooms' URLs), and migrations are not code that runs in a
request, so neither is checked. Imports inside functions count as much as those at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A room may import itself and anything earlier in this list.
LAYERS = [
    "fangguanfu",
    "workdays",
    "agencies",
    "ops",
    "documents",
    "tasks",
    "reporting",
    "importing",
    "reminders",
    "leadership",
    "bench",
]
WIRING = {"fangguanfu.urls", "fangguanfu.api_urls"}
# Rooms that exist in this checkout (workdays lands with the calendar issue).
ROOMS = [name for name in LAYERS if (ROOT / name / "__init__.py").exists()]
# Nothing imports the bench: it is a tool run by `make bench`.
IMPORTED_BY_NOBODY = {"bench"}


def _modules():
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            module = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
            yield room, module, path


def _imported_rooms(path: Path, module: str) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                names = [".".join(base + ([node.module] if node.module else []))]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                found.add((top, node.lineno))
    return found


def upward_imports() -> list[str]:
    problems = []
    for room, module, path in _modules():
        if module in WIRING:
            continue
        rank = LAYERS.index(room)
        for other, line in sorted(_imported_rooms(path, module)):
            if other == room:
                continue
            if LAYERS.index(other) > rank or other in IMPORTED_BY_NOBODY:
                problems.append(f"{path.relative_to(ROOT)}:{line} ({room}) imports {other}")
    return problems


def test_no_room_imports_a_room_above_it():
    assert upward_imports() == []


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The reader sees relative and absolute imports, at the top and inside functions."""
    module = tmp_path / "probe.py"
    module.write_text("import os\n\ndef f():\n    from leadership.dashboards import x\n    from . import services\n")
    assert _imported_rooms(module, "tasks.probe") == {("leadership", 4), ("tasks", 5)}
    relative = tmp_path / "deep.py"
    relative.write_text("from ..models import Task\n")
    assert _imported_rooms(relative, "reporting.views.deep") == {("reporting", 1)}


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_says_what_it_owns_and_may_import(room):
    doc = ast.get_docstring(ast.parse((ROOT / room / "__init__.py").read_text("utf-8"))) or ""
    assert "May import" in doc, f"{room}/__init__.py: say what the room owns and what it may import"


def _code_lines(path: Path) -> int:
    return sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())


def test_no_room_holds_more_than_a_third_of_the_code():
    sizes = {room: sum(_code_lines(p) for _, _, p in _modules() if p.is_relative_to(ROOT / room)) for room in ROOMS}
    total = sum(sizes.values())
    assert max(sizes.values()) <= total / 3, sizes


def test_no_module_over_400_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for _, _, p in _modules() if (n := len(p.read_text("utf-8").splitlines())) > 400]
    assert long == []
