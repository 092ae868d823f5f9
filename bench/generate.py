"""`generate_load`: a realistic database at scale, written with COPY.

Shape (see tests/bench/test_generate_load.py): notices of 40–80 tasks with
plans and sections; 1–3 lead and 0–8 co agencies per task (about three
assignments per task on average); deadlines spread over three years around
today; monthly reports from issue to sign-off, unique per task, agency and
month; a share of tasks signed off with their requests and reviews; collective
agencies with members; liaison users for a share of the agencies.
"""

import datetime
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from agencies.models import Agency, AgencyAlias, UserProfile
from documents.models import Document, Plan, Section
from leadership.rollups import rebuild_rollups, rollups_available
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, EventKind, ReviewDecision, SignoffStatus, TaskStatus
from tasks.models import Assignment, OfficeSettings, Review, SignoffRequest, Task, TaskEvent

from . import vocab
from .copyio import analyze, copy_rows, indexes_built_after, next_id, reset_sequence
from .dates import aware, month_end
from .people import GenAgency, build_agencies, write_agencies, write_users
from .reports import report_rows

# Rows are COPYed every this many tasks: memory stays flat from 10k to 1M tasks.
FLUSH_TASKS = 50_000
HALF_WINDOW_DAYS = 548  # deadlines fall within ±18 months of today
LEADS = ([1, 2, 3], [70, 22, 8])
COS = (list(range(9)), [38, 22, 14, 9, 6, 4, 3, 2, 2])


@dataclass(frozen=True)
class LoadSpec:
    tasks: int
    agencies: int
    reports: int
    seed: int = 20210414
    liaison_share: float = 0.2
    today: datetime.date | None = None


def document_sizes(total: int, rng: random.Random) -> list[int]:
    """Task counts per notice: 40–80 each, summing to `total` (one smaller notice if total < 40)."""
    if total < 40:
        return [total] if total else []
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(rng.randint(40, 80))
    excess = sum(sizes) - total
    while excess:
        shrinkable = [i for i, s in enumerate(sizes) if s > 40]
        if not shrinkable:  # only when the last notice alone overshoots: merge it away
            sizes.pop()
            sizes[-1] += total - sum(sizes)
            break
        i = rng.choice(shrinkable)
        cut = min(excess, sizes[i] - 40)
        sizes[i] -= cut
        excess -= cut
    return sizes


class Pools:
    """Weighted choices of agencies: a few busy ones, a long tail."""

    def __init__(self, agencies: list[GenAgency], rng: random.Random):
        self.rng = rng
        by_group: dict[str, list[GenAgency]] = {}
        for a in agencies:
            by_group.setdefault(a.group, []).append(a)
        self.provincial_leads = by_group.get("provincial", []) + by_group.get("central", [])
        self.lead_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.provincial_leads))]
        self.co_pool = [a for a in agencies if a.group != "department"] or agencies
        self.co_weights = [3.0 if a.group == "collective" else 1.0 for a in self.co_pool]
        self.departments_by_city: dict[str, list[GenAgency]] = {}
        for a in by_group.get("department", []):
            self.departments_by_city.setdefault(a.city, []).append(a)
        self.cities = [c for c in self.departments_by_city if len(self.departments_by_city[c]) >= 4]
        self.all = agencies

    def pick(self, pool, weights, k: int, taken: set[int]) -> list[GenAgency]:
        chosen: list[GenAgency] = []
        for _ in range(k * 4):
            if len(chosen) == k:
                break
            a = self.rng.choices(pool, weights)[0] if weights else self.rng.choice(pool)
            if a.id not in taken:
                taken.add(a.id)
                chosen.append(a)
        return chosen


def _statuses(deadline, today, rng):
    if deadline is not None and deadline < today:
        return rng.choices(
            [TaskStatus.SIGNED_OFF, TaskStatus.SIGNOFF_REQUESTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED,
             TaskStatus.NOT_STARTED], [72, 8, 14, 3, 3])[0]
    return rng.choices(
        [TaskStatus.SIGNED_OFF, TaskStatus.SIGNOFF_REQUESTED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED,
         TaskStatus.RETURNED], [10, 4, 60, 24, 2])[0]


def _deadline(center, issue, year, rng):
    roll = rng.random()
    if roll < 0.06:
        return None, rng.choice(["长期坚持", "持续推进"]), False
    if roll < 0.13:
        return datetime.date(year, 12, 31), "", True
    offset = rng.randint(-150, 150)
    day = max(center + datetime.timedelta(days=offset), issue + datetime.timedelta(days=20))
    end = month_end(day)
    phrase = f"{end.year}年底前" if end.month == 12 else f"{end.year}年{end.month}月底前"
    return end, phrase, False


TOPICS = [
    "深化“放管服”改革优化营商环境重点任务分工方案", "政务服务“一件事一次办”改革工作要点",
    "优化营商环境攻坚行动重点任务责任分工", "数字政府建设重点任务分工方案", "工程建设项目审批制度改革工作要点",
]


TABLE_LABELS = {Document: "documents", Plan: "plans", Section: "sections", Task: "tasks", Assignment: "assignments"}


class DocumentBuilder:
    """Notices with their plans, sections, tasks and assignments, as rows for COPY."""

    def __init__(self, spec: LoadSpec, agencies: list[GenAgency], rng: random.Random, today: datetime.date):
        self.spec, self.rng, self.today = spec, rng, today
        self.pools = Pools(agencies, rng)
        self.sentences = vocab.seed_sentences()
        self.ids = {m: next_id(m) for m in (Document, Plan, Section, Task, Assignment)}
        self.rows: dict = {m: [] for m in self.ids}
        self.task_meta: list[tuple] = []  # (task_id, issue, status, signed_off_at, [(agency_id, is_lead)])
        self.numbers: dict[tuple[str, int], int] = {}

    def _id(self, model) -> int:
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def build(self, flush_tasks: int = 0) -> dict[str, int]:
        """Build every notice; with `flush_tasks`, COPY the rows whenever that many tasks are pending, so a
        million tasks never sit in memory at once. Returns the rows written per table label."""
        written = {label: 0 for label in TABLE_LABELS.values()}
        pending = 0
        for size in document_sizes(self.spec.tasks, self.rng):
            self._document(size)
            pending += size
            if flush_tasks and pending >= flush_tasks:
                self.flush(written)
                pending = 0
        if flush_tasks:
            self.flush(written)
        return written

    def flush(self, written: dict[str, int]) -> None:
        # Parents before children; the foreign keys are deferred anyway, but this keeps the checks cheap.
        for model, label in TABLE_LABELS.items():
            written[label] += copy_rows(model, self.rows[model])
            self.rows[model] = []

    def _document(self, size: int) -> None:
        rng, today = self.rng, self.today
        city = rng.choice(self.pools.cities) if self.pools.cities and rng.random() < 0.2 else ""
        center = today + datetime.timedelta(days=rng.randint(-400, 360))
        issue = center - datetime.timedelta(days=rng.randint(90, 270))
        if issue > today - datetime.timedelta(days=3):  # plans due later were issued in the past year
            issue = today - datetime.timedelta(days=rng.randint(3, 330))
        prefix = f"{city[0]}政办发" if city else rng.choice(["湘政办函", "湘政办发", "湘政发", "湘优化办发"])
        seq = self.numbers[(prefix, issue.year)] = self.numbers.get((prefix, issue.year), 0) + 1
        place = city or "湖南省"
        title = f"{place}{issue.year}年{rng.choice(TOPICS)}"
        doc_id = self._id(Document)
        # Distinct import times: the default order (issue date, import time) then has no ties.
        imported = aware(issue, 9) + datetime.timedelta(seconds=rng.randint(0, 8 * 3600))
        self.rows[Document].append({
            "id": doc_id, "doc_number": f"{prefix}〔{issue.year}〕{seq}号", "notice_title": f"关于印发《{title}》的通知",
            "title": title, "issuer": f"{place}人民政府办公厅" if not city else f"{city}人民政府办公室",
            "issue_date": issue, "year": issue.year, "original_text": "", "source_filename": "",
            "is_truncated": False, "imported_at": imported, "updated_at": imported,
        })
        parts = [size] if size < 60 or rng.random() > 0.1 else [size // 2, size - size // 2]
        for order, plan_size in enumerate(parts):
            plan_id = self._id(Plan)
            self.rows[Plan].append({"id": plan_id, "document_id": doc_id, "title": title if len(parts) == 1 else
                                    f"{title}（{vocab.CHINESE_NUMERALS[order]}）", "order": order,
                                    "year": issue.year, "is_truncated": False})
            self._plan_tasks(doc_id, plan_id, plan_size, issue, center, city)

    def _plan_tasks(self, doc_id, plan_id, size, issue, center, city) -> None:
        rng = self.rng
        n_sections = rng.randint(min(3, size), min(7, size))
        cuts = sorted(rng.sample(range(1, size), n_sections - 1)) if n_sections > 1 else []
        bounds = [0, *cuts, size]
        titles = rng.sample(vocab.SECTION_TITLES, n_sections)
        for s in range(n_sections):
            section_id = self._id(Section)
            self.rows[Section].append({"id": section_id, "plan_id": plan_id, "number": vocab.CHINESE_NUMERALS[s],
                                       "title": titles[s], "order": s})
            for order in range(bounds[s], bounds[s + 1]):
                self._task(doc_id, plan_id, section_id, order, issue, center, city)

    def _task(self, doc_id, plan_id, section_id, order, issue, center, city) -> None:
        rng, today = self.rng, self.today
        task_id = self._id(Task)
        deadline, phrase, inferred = _deadline(center, issue, issue.year, rng)
        status = _statuses(deadline, today, rng)
        signed_off_at = None
        if status == TaskStatus.SIGNED_OFF:
            latest = min(deadline or today, today - datetime.timedelta(days=1))
            earliest = issue + datetime.timedelta(days=7)
            if earliest >= latest:
                status = TaskStatus.IN_PROGRESS
            else:
                day = max(earliest, latest - datetime.timedelta(days=rng.randint(0, 60)))
                signed_off_at = aware(day, 16)
        taken: set[int] = set()
        pools = self.pools
        if city:
            local = pools.departments_by_city[city]
            leads = pools.pick(local, None, rng.choices(*LEADS)[0], taken)
            cos = pools.pick(local, None, rng.choices(*COS)[0], taken)
        else:
            leads = pools.pick(pools.provincial_leads, pools.lead_weights, rng.choices(*LEADS)[0], taken)
            cos = pools.pick(pools.co_pool, pools.co_weights, rng.choices(*COS)[0], taken)
        if not leads:  # tiny agency sets: fall back to anyone
            leads = pools.pick(pools.all, None, 1, taken)
        clause = "、".join(a.short_name or a.name for a in leads) + "牵头"
        if cos:
            clause += "，" + "、".join(a.short_name or a.name for a in cos) + "按职责分工负责"
        body = "。".join(rng.sample(self.sentences, min(len(self.sentences), rng.randint(2, 4))))
        text = f"{body}。{phrase + '完成。' if phrase and not inferred else ''}（{clause}）"
        created = aware(issue + datetime.timedelta(days=1))
        self.rows[Task].append({
            "id": task_id, "document_id": doc_id, "plan_id": plan_id, "section_id": section_id, "subsection": "",
            "number": str(order + 1), "order": order, "text": text, "deadline": deadline, "deadline_text": phrase,
            "deadline_inferred": inferred, "recurrence": "", "status": status, "is_truncated": False,
            "signed_off_at": signed_off_at, "created_at": created, "updated_at": signed_off_at or created,
        })
        reporters = []
        for role, group in ((AssignmentRole.LEAD, leads), (AssignmentRole.CO, cos)):
            for a in group:
                self.rows[Assignment].append({"id": self._id(Assignment), "task_id": task_id, "agency_id": a.id,
                                              "role": role, "name_as_printed": a.short_name or a.name,
                                              "is_global": False})
                if a.group != "collective":  # a collective name does not report; its members do
                    reporters.append((a.id, role == AssignmentRole.LEAD))
        self.task_meta.append((task_id, issue, status, signed_off_at, reporters))


def signoff_rows(builder: DocumentBuilder, today: datetime.date):
    """Sign-off requests, reviews and timeline rows for tasks past the request stage."""
    rng = builder.rng
    req_id, review_id, event_id = next_id(SignoffRequest), next_id(Review), next_id(TaskEvent)
    requests, reviews, events = [], [], []
    for task_id, issue, status, signed_off_at, reporters in builder.task_meta:
        if status not in (TaskStatus.SIGNED_OFF, TaskStatus.SIGNOFF_REQUESTED, TaskStatus.RETURNED):
            continue
        lead = next((a for a, is_lead in reporters if is_lead), reporters[0][0] if reporters else None)
        if lead is None:
            continue
        when = signed_off_at or aware(max(issue, today - datetime.timedelta(days=rng.randint(1, 20))), 11)
        state = {TaskStatus.SIGNED_OFF: SignoffStatus.APPROVED, TaskStatus.RETURNED: SignoffStatus.RETURNED}.get(
            status, SignoffStatus.OPEN)
        requests.append({"id": req_id, "task_id": task_id, "agency_id": lead, "summary": "任务已按要求完成，申请销号。",
                         "status": state, "requested_at": when - datetime.timedelta(days=3)})
        if state != SignoffStatus.OPEN:
            decision = ReviewDecision.SIGN_OFF if state == SignoffStatus.APPROVED else ReviewDecision.RETURN
            reviews.append({"id": review_id, "task_id": task_id, "signoff_request_id": req_id, "decision": decision,
                            "reason": "" if decision == ReviewDecision.SIGN_OFF else "佐证材料不足，请补充。",
                            "decided_at": when})
            review_id += 1
            kind = EventKind.SIGNED_OFF if decision == ReviewDecision.SIGN_OFF else EventKind.RETURNED
            events.append({"id": event_id, "task_id": task_id, "kind": kind, "from_status": "signoff_requested",
                           "to_status": status, "message": "", "created_at": when})
            event_id += 1
        req_id += 1
    return requests, reviews, events


ROLLUP_SOURCES = (Task, Assignment, ProgressReport)  # the tables whose triggers keep leadership's rollups


@contextmanager
def rollup_triggers_off(log=print):
    """Load without the dashboard rollups' triggers, then count them once (leadership.rollups).

    The triggers refresh per statement by reading each touched task's reports: right for the app's writes,
    but during a COPY into tables whose indexes indexes_built_after dropped, every statement would scan.
    Disabled inside the caller's transaction, so no other session ever writes without them.
    """
    if not rollups_available():
        yield
        return
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in ROLLUP_SOURCES:
            cursor.execute(f"ALTER TABLE {q(model._meta.db_table)} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        for model in ROLLUP_SOURCES:
            cursor.execute(f"ALTER TABLE {q(model._meta.db_table)} ENABLE TRIGGER USER")
    started = time.perf_counter()
    rebuild_rollups()
    log(f"  驾驶舱汇总表: {time.perf_counter() - started:.1f} s")


def generate(spec: LoadSpec, log=print) -> dict[str, int]:
    """Write the whole load; the caller holds the transaction. Returns row counts."""
    rng = random.Random(spec.seed)
    today = spec.today or timezone.localdate()
    now = timezone.now()
    counts: dict[str, int] = {}

    def step(label, fn):
        started = time.perf_counter()
        result = fn()
        log(f"  {label}: {time.perf_counter() - started:.1f} s")
        return result

    agencies = step("单位", lambda: _agencies(spec, now))
    counts["agencies"] = len(agencies)
    counts.update(step("用户", lambda: write_users(agencies, spec.liaison_share)))
    OfficeSettings.load()
    builder = DocumentBuilder(spec, agencies, rng, today)
    bulk = (Document, Plan, Section, Task, Assignment, SignoffRequest, Review, TaskEvent, ProgressReport)
    with rollup_triggers_off(log=log), indexes_built_after(bulk, log=log):
        counts.update(step("生成并写入文件、任务与分工", lambda: builder.build(flush_tasks=FLUSH_TASKS)))
        requests, reviews, events = step("生成销号记录", lambda: signoff_rows(builder, today))
        counts["signoff_requests"] = copy_rows(SignoffRequest, requests)
        counts["reviews"] = copy_rows(Review, reviews)
        counts["events"] = copy_rows(TaskEvent, events)
        del requests, reviews, events
        counts["reports"] = step("生成并写入 reports", lambda: copy_rows(
            ProgressReport, report_rows(builder.task_meta, spec.reports, today, rng)))
    models = (Agency, AgencyAlias, UserProfile, Document, Plan, Section, Task, Assignment, SignoffRequest, Review,
              TaskEvent, ProgressReport)
    for model in models:
        reset_sequence(model)
    step("ANALYZE", lambda: analyze(models))
    return counts


def _agencies(spec: LoadSpec, now) -> list[GenAgency]:
    agencies = build_agencies(spec.agencies, next_id(Agency))
    write_agencies(agencies, now)
    return agencies
