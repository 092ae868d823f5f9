"""Monthly progress reports (一月一报) for generated tasks, streamed to COPY.

Each reporting agency of a task reports in some of the months from the
notice's issue to the task's sign-off (or this month); leads report more
often than co-responsible agencies. The share is set so that the total comes
to the requested number, and (task, agency, month) never repeats.
"""

import datetime
import random
from collections.abc import Iterator

from reporting.models import ProgressReport
from tasks.choices import ReportStatus, TaskStatus

from . import vocab
from .copyio import next_id
from .dates import aware

LEAD_WEIGHT, CO_WEIGHT, NOT_STARTED_WEIGHT = 1.0, 0.4, 0.2


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def _span(issue, signed_off_at, today) -> tuple[int, int]:
    end = signed_off_at.date() if signed_off_at else today
    first = _month_index(issue)
    return first, max(1, _month_index(end) - first + 1)


def report_rows(task_meta, target: int, today: datetime.date, rng: random.Random) -> Iterator[dict]:
    weighted = 0.0
    for _task_id, issue, status, signed_off_at, reporters in task_meta:
        months = _span(issue, signed_off_at, today)[1]
        w_status = NOT_STARTED_WEIGHT if status == TaskStatus.NOT_STARTED else 1.0
        weighted += sum(months * w_status * (LEAD_WEIGHT if lead else CO_WEIGHT) for _a, lead in reporters)
    share = target / weighted if weighted else 0.0
    this_month = _month_index(today)
    report_id, written = next_id(ProgressReport), 0
    for task_id, issue, status, signed_off_at, reporters in task_meta:
        first, months = _span(issue, signed_off_at, today)
        w_status = NOT_STARTED_WEIGHT if status == TaskStatus.NOT_STARTED else 1.0
        for agency_id, lead in reporters:
            expected = months * min(1.0, share * w_status * (LEAD_WEIGHT if lead else CO_WEIGHT))
            k = min(months, int(expected) + (rng.random() < expected - int(expected)))
            for offset in sorted(rng.sample(range(months), k)):
                if written >= target:
                    return
                index = first + offset
                period = _month_start(index)
                day = min(period + datetime.timedelta(days=rng.randint(3, 27)), today)
                stamp = aware(day, 15)
                old = index < this_month - 1
                yield {
                    "id": report_id, "task_id": task_id, "agency_id": agency_id, "author_id": None,
                    "period": period, "content": rng.choice(vocab.REPORT_CONTENT),
                    "problems": rng.choice(vocab.REPORT_PROBLEMS), "next_steps": rng.choice(vocab.REPORT_NEXT),
                    "percent": min(100, 10 + offset * 10), "version": 1,
                    "status": ReportStatus.ACCEPTED if old and rng.random() < 0.7 else ReportStatus.SUBMITTED,
                    "submitted_at": stamp, "updated_at": stamp,
                }
                report_id += 1
                written += 1
