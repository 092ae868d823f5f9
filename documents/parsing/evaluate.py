"""Score parser output against hand-checked gold (tests/data/gold/README.md) and print a table.

`python -m documents.parsing.evaluate [filter]` (or `make parse-eval`) scores every labelled plan
in the project's fixtures: the seeds (fixtures/documents + tests/data/gold/seeds.json), the
corpus (tests/data/corpus) and the plans labelled in-house (tests/data/own).

Two gold layouts exist: the seeds, 01–05 and the own plans hold `plans[]`; corpus 06–11 hold one
plan's `tasks` at the top level. Both are scored the same way; a field the gold omits is not scored
(own plans l–o also record each task's deadline_kind and deadline_value, scored with the deadline).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import ParseError, parse_bytes, to_gold_dict

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
FIXTURES = ROOT / "fixtures" / "documents"
DOC_FIELDS = ("doc_number", "notice_title", "title", "issuer", "issue_date", "year", "global_co")


@dataclass
class Score:
    name: str
    gold_tasks: int = 0
    found_tasks: int = 0
    matched: int = 0
    lead_ok: int = 0
    co_ok: int = 0
    deadline_ok: int = 0
    recurring_ok: int = 0
    truncated_ok: int = 0
    field_errors: list[str] = field(default_factory=list)
    task_errors: list[str] = field(default_factory=list)

    def share(self, n: int) -> float:
        return n / self.matched if self.matched else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found_tasks if self.found_tasks else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_tasks if self.gold_tasks else 1.0

    def add(self, other: Score) -> None:
        for f in ("gold_tasks", "found_tasks", "matched", "lead_ok", "co_ok", "deadline_ok", "recurring_ok",
                  "truncated_ok"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def row(self) -> dict:
        return {
            "doc": self.name,
            "gold": self.gold_tasks,
            "found": self.found_tasks,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "lead": round(self.share(self.lead_ok), 4),
            "co": round(self.share(self.co_ok), 4),
            "deadline": round(self.share(self.deadline_ok), 4),
            "recurring": round(self.share(self.recurring_ok), 4),
            "truncated": round(self.share(self.truncated_ok), 4),
            "field_errors": self.field_errors,
        }


def _key(task: dict) -> tuple:
    return (task.get("section"), task.get("subsection"), task["number"], re.sub(r"\s+", "", task["text_start"]))


def gold_plans(gold: dict) -> list[dict]:
    """The gold's plans; a top-level `tasks` list (corpus 06–11) is one plan."""
    if "plans" in gold:
        return gold["plans"]
    return [{"title": gold.get("title"), "tasks": gold.get("tasks", [])}]


def score(name: str, gold: dict, parsed: dict) -> Score:
    s = Score(name)
    for f in DOC_FIELDS:
        if f in gold and gold.get(f) != parsed.get(f):
            s.field_errors.append(f"{f}: gold={gold.get(f)!r} parsed={parsed.get(f)!r}")
    plans = gold_plans(gold)
    if len(plans) != len(parsed["plans"]) and "plans" in gold:
        s.field_errors.append(f"plans: gold={len(plans)} parsed={len(parsed['plans'])}")
    if "plans" not in gold and len(parsed["plans"]) > 1:  # one gold plan: score all parsed tasks
        merged = dict(parsed["plans"][0], tasks=[t for p in parsed["plans"] for t in p["tasks"]])
        parsed = dict(parsed, plans=[merged])
    for gp, pp in zip(plans, parsed["plans"], strict=False):
        _score_plan(s, gp, pp)
    if not parsed["plans"]:
        s.gold_tasks = sum(len(p["tasks"]) for p in plans)
    return s


def _score_plan(s: Score, gp: dict, pp: dict) -> None:
    for f in ("title", "truncated", "sections"):
        if f in gp and gp[f] != pp[f]:
            s.field_errors.append(f"plan {f}: gold={gp[f]!r} parsed={pp[f]!r}")
    if "subsections" in gp and gp["subsections"] != pp["subsections"]:
        s.field_errors.append("plan subsections differ")
    found = {_key(t): t for t in pp["tasks"]}
    s.gold_tasks += len(gp["tasks"])
    s.found_tasks += len(pp["tasks"])
    for gt in gp["tasks"]:
        pt = found.get(_key(gt))
        if pt is None:
            s.task_errors.append(f"missing {_key(gt)}")
            continue
        s.matched += 1
        checks = {
            "lead": set(gt["lead"]) == set(pt["lead"]),
            "co": set(gt["co"]) == set(pt["co"]),
            "deadline": (gt["deadline"], gt["deadline_text"]) == (pt["deadline"], pt["deadline_text"])
            and _same_kind(gt, pt),
            "recurring": gt["recurring"] == pt["recurring"],
            "truncated": gt.get("truncated", False) == pt["truncated"],
        }
        for k, ok in checks.items():
            setattr(s, f"{k}_ok", getattr(s, f"{k}_ok") + ok)
            if not ok:
                s.task_errors.append(f"{k} {_key(gt)[:3]}: gold={gt.get(k)!r} parsed={pt[k]!r}")
    gold_keys = {_key(t) for t in gp["tasks"]}
    s.task_errors.extend(f"extra {k}" for k in found if k not in gold_keys)


def _same_kind(gt: dict, pt: dict) -> bool:
    """Gold that records deadline_kind / deadline_value (own plans l–o) scores them with the deadline."""
    if "deadline_kind" not in gt:
        return True
    return (gt["deadline_kind"], gt["deadline_value"]) == (pt["deadline_kind"], pt["deadline_value"])


def load_cases(data: Path = DATA, fixtures: Path = FIXTURES) -> list[tuple[str, Path, dict]]:
    """(name, source file, gold) for every seed, corpus document and own plan."""
    cases = []
    for gold in json.loads((data / "gold" / "seeds.json").read_text("utf-8")):
        cases.append(("seed:" + gold["file"][:3], fixtures / gold["file"], gold))
    for path in sorted((data / "corpus" / "gold").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        cases.append(("corpus:" + path.stem[:2], data / "corpus" / "docs" / gold["file"], gold))
    for path in sorted((data / "own").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        cases.append(("own:" + path.stem, data / "own" / gold["file"], gold))
    return cases


def run_case(name: str, source: Path, gold: dict) -> Score:
    try:
        parsed = to_gold_dict(parse_bytes(source.read_bytes(), source.name))
    except ParseError as exc:  # score a refused file as "nothing found" so the table still shows it
        result = score(name, gold, {"plans": []})
        result.field_errors.append(f"ParseError: {exc}")
        return result
    return score(name, gold, parsed)


def total(scores: list[Score], name: str) -> Score:
    out = Score(name)
    for sc in scores:
        out.add(sc)
    return out


def table(scores: list[Score]) -> str:
    head = f"{'doc':<36}{'gold':>5}{'found':>6}{'P':>7}{'R':>7}{'lead':>7}{'co':>7}{'dl':>7}{'rec':>7}  fields"
    lines = [head, "-" * len(head)]
    for sc in scores:
        r = sc.row()
        lines.append(
            f"{r['doc'][:35]:<36}{r['gold']:>5}{r['found']:>6}{r['precision']:>7.3f}{r['recall']:>7.3f}"
            f"{r['lead']:>7.3f}{r['co']:>7.3f}{r['deadline']:>7.3f}{r['recurring']:>7.3f}  {len(sc.field_errors)}"
        )
    return "\n".join(lines)


def as_json(scores: list[Score]) -> list[dict]:
    return [sc.row() | {"task_errors": sc.task_errors} for sc in scores]


def main(argv: list[str]) -> int:
    """Print the table (with per-group totals); `-v` also prints every difference."""
    verbose = "-v" in argv
    wanted = [a for a in argv if a != "-v"]
    results = [run_case(*c) for c in load_cases() if not wanted or any(w in c[0] for w in wanted)]
    groups = sorted({sc.name.split(":")[0] for sc in results})
    totals = [total([sc for sc in results if sc.name.startswith(g + ":")], f"ALL {g}") for g in groups]
    print(table(results + totals))
    if verbose:
        for sc in results:
            for e in sc.field_errors + sc.task_errors:
                print(sc.name, e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
