"""Run in a child process by exports.py: write the ledger of N tasks, print time, queries and peak RSS as JSON.

A process of its own, so that ru_maxrss is the export's peak (plus Django's
baseline, reported separately) and not the benchmark runner's.
"""

import json
import os
import resource
import sys
import tempfile
import time


def _current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(count: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangguanfu.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agencies.roles import actor_for
    from leadership.exports import write_xlsx
    from tasks.filters import TaskFilterSet
    from tasks.models import Task
    from tasks.selectors import task_list

    office = get_user_model().objects.filter(profile__role="office").order_by("username").first()
    first_id = Task.objects.order_by("id").values_list("id", flat=True).first()
    # The office's list, filtered the way the export page does, narrowed to `count` tasks (whole plans, in order).
    qs = TaskFilterSet({}, queryset=task_list(actor=actor_for(office))).qs.filter(
        id__gte=first_id, id__lt=first_id + count)
    baseline_mb = _current_rss_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, CaptureQueriesContext(connection) as queries:
        written = write_xlsx(qs, out, actor=actor_for(office))
        size = out.tell()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "tasks": written, "bytes": size, "queries": len(queries.captured_queries),
            "rss_before_mb": baseline_mb,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
