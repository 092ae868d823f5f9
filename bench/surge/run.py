"""`make surge` end to end: data, accounts, the stack, the idle baseline, the surge, the checks, the table."""

import json
import os
import re
import secrets
import string
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from bench.environment import ensure_database, ensure_load, machine

from . import accounts, ledger, table
from .stack import BASE_DIR, Stack, StackConfig

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SWEEP_DONE = re.compile(r"Task reminders\.tasks\.reminder_sweep_task\[[^\]]+\] (succeeded in [0-9.]+s: .*)")
SWEEP_FAILED = re.compile(r"Task reminders\.tasks\.reminder_sweep_task\[[^\]]+\] raised (.*)")


@dataclass
class SurgeOptions:
    minutes: float
    idle_seconds: int
    liaisons: int
    leaders: int
    tasks: int
    port: int
    workers: int
    redis_url: str
    broker_url: str
    locust: str
    password: str = "Surge-Passw0rd-2026"
    page_think: str = "5,15"
    form_think: str = "60,180"
    leader_think: str = "20,40"
    sweep_at: float = 0.4  # share of the surge after which the sweep is queued


class LoadSampler(threading.Thread):
    """The 1-minute load average every few seconds while the surge runs (other work shares the machine)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.values: list[float] = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(5):
            self.values.append(os.getloadavg()[0])


def run_locust(opts: SurgeOptions, stack: Stack, mode: str, accounts_file: Path, run_id: str, users: int,
               spawn_rate: float, seconds: int, log) -> dict:
    out = stack.config.work_dir / f"locust-{mode}.json"
    out.unlink(missing_ok=True)
    env = {**os.environ, "SURGE_ACCOUNTS": str(accounts_file), "SURGE_MODE": mode, "SURGE_RUN_ID": run_id,
           "SURGE_OUT": str(out), "SURGE_PAGE_THINK": opts.page_think, "SURGE_FORM_THINK": opts.form_think,
           "SURGE_LEADER_THINK": opts.leader_think}
    form_high = float(opts.form_think.split(",")[1])
    argv = [opts.locust, "-f", str(LOCUSTFILE), "--headless", "--only-summary", "--loglevel", "WARNING",
            "-u", str(users), "-r", f"{spawn_rate:.3f}", "-t", f"{seconds}s", "--host", stack.config.base_url,
            # Users finish the report they are typing when time is up: no submission is cut off mid-post.
            "--stop-timeout", str(int(form_high + 60)),
            "--csv", str(stack.config.work_dir / f"locust-{mode}")]
    log(f"locust（{mode}）：{users} 个用户，{seconds} s")
    with open(stack.config.work_dir / f"locust-{mode}.log", "w") as fh:
        # locust exits 1 when any request failed; the failures are in its output and counted below.
        subprocess.run(argv, cwd=BASE_DIR, env=env, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if not out.exists():
        raise RuntimeError(f"locust（{mode}）没有写出结果，见 {stack.config.work_dir / f'locust-{mode}.log'}")
    return json.loads(out.read_text(encoding="utf-8"))


def sweep_outcome(log_file: Path) -> str:
    text = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    if match := SWEEP_DONE.search(text):
        return match.group(1)
    if match := SWEEP_FAILED.search(text):
        return "失败：" + match.group(1)
    return "未见执行记录（见 celery.log）"


def clear_reminder_log() -> int:
    """The sweep records each reminder once a day: on a second run the same day it would find all sent and do
    almost nothing. The bench database's log (and the inbox rows it made) is cleared so that every run's sweep
    does the morning's full work under the surge."""
    from reminders.models import Notification, Reminder

    Notification.objects.filter(reminder__isnull=False).delete()
    return Reminder.objects.all().delete()[0]


def settle_daily_jobs(at=None) -> None:
    """Record today's daily jobs as run, so that the worker's start-up catch-up (reminders/catch_up.py) does not
    send the morning's reminders before the surge: run after 08:30, it did (724 sent in the idle phase) and
    the sweep queued in the surge found every reminder sent. The heartbeats go to the database, which the
    stack reads (its Redis is emptied before it starts)."""
    from ops import heartbeat
    from reminders.catch_up import DAILY_JOBS

    for name in DAILY_JOBS.values():
        heartbeat.beat(name, at, every=None)


def run(opts: SurgeOptions, log=print) -> dict:
    work_dir = BASE_DIR / "bench-results" / "surge"
    work_dir.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if ensure_database():
        log(f"已创建数据库 {db['NAME']}")
    data = ensure_load(tasks=opts.tasks, agencies=500, reports=opts.tasks * 5, regenerate=False, log=log)
    log(f"数据：{data['tasks']:,} 项任务、{data['assignments']:,} 条分工、{data['reports']:,} 条报送")

    agencies = [a for a, _n in accounts.busiest_agencies(opts.liaisons + 1, min_tasks=30)]
    plan = accounts.plan_accounts(opts.liaisons, opts.leaders, agencies)
    written = accounts.write_accounts(plan, opts.password)
    shared = opts.liaisons - len({a.agency_id for a in plan["liaisons"]})
    log(f"账号：{written} 个（{len(set(a.agency_id for a in plan['liaisons']))} 个单位的联络员"
        f"{'，' + str(shared) + ' 名与同单位同事分任务' if shared else ''}）")
    accounts_file = work_dir / "accounts.json"
    accounts_file.write_text(json.dumps(accounts.as_json(plan, opts.password), ensure_ascii=False), encoding="utf-8")
    run_id = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8))

    cleared = clear_reminder_log()
    settle_daily_jobs()
    log(f"已清空压测库的提醒记录 {cleared} 条：每次压测的提醒扫描都像当天早上第一次那样记录并发送"
        "（当天的定时任务记为已运行，worker 启动时不补跑）")
    import redis

    for url in (opts.redis_url, opts.broker_url):  # this run's own numbers: no queue or counts left from the last
        redis.Redis.from_url(url).flushdb()

    stack = Stack(StackConfig(database_url=database_url, redis_url=opts.redis_url, broker_url=opts.broker_url,
                              port=opts.port, workers=opts.workers, work_dir=work_dir))
    info = machine()
    sampler = LoadSampler()
    try:
        stack.start()
        log(f"gunicorn（{opts.workers} 个 worker）与 Celery worker 已启动：{stack.config.base_url}")
        info["load_before"] = round(os.getloadavg()[0], 2)
        # Each gunicorn worker loads templates and opens its database connection on its first requests:
        # a warm-up, not recorded in the table (its submissions are checked with the others).
        run_locust(opts, stack, "warmup", accounts_file, run_id, 2, 2, 30, log)
        run_locust(opts, stack, "idle", accounts_file, run_id, 2, 2, opts.idle_seconds, log)
        seconds = int(opts.minutes * 60)
        users = opts.liaisons + opts.leaders
        sampler.start()
        sweep_at = int(seconds * opts.sweep_at)
        timer = threading.Timer(sweep_at, stack.trigger_sweep)
        timer.start()
        # Arrivals spread over the first half: liaisons log in through the surge, not all in one second.
        run_locust(opts, stack, "surge", accounts_file, run_id, users, users / max(1, seconds / 2), seconds,
                           log)
        timer.cancel()
        time.sleep(3)  # a sweep queued late finishes before the worker is stopped
    finally:
        sampler.stopping.set()
        stack.stop()
    info["load_after"] = round(os.getloadavg()[0], 2)
    values = sampler.values or [info["load_before"]]
    info.update(load_during_min=round(min(values), 2), load_during_max=round(max(values), 2),
                load_during_mean=round(sum(values) / len(values), 2))

    state = {"run_id": run_id, "machine": info, "workers": opts.workers, "data": data,
             "idle_seconds": opts.idle_seconds, "surge_minutes": opts.minutes, "liaisons": opts.liaisons,
             "leaders": opts.leaders, "seconds": seconds, "sweep_at": sweep_at,
             "think": {"page": opts.page_think, "form": opts.form_think, "leader": opts.leader_think}}
    (work_dir / "run.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    return finish(log)


def finish(log=print) -> dict:
    """The checks and the table from what the last run left in bench-results/surge/ (rerunnable alone)."""
    work_dir = BASE_DIR / "bench-results" / "surge"
    state = json.loads((work_dir / "run.json").read_text(encoding="utf-8"))
    out = {mode: json.loads((work_dir / f"locust-{mode}.json").read_text(encoding="utf-8"))
           for mode in ("warmup", "idle", "surge")}
    submissions = [s for mode in out.values() for s in mode["submissions"]]
    check = ledger.check_submissions(state["run_id"], submissions)
    rows = table.compare(table.summarise(out["idle"]["samples"]), table.summarise(out["surge"]["samples"]))
    failed = sum(1 for r in rows if not (r["ratio_ok"] and r["errors_ok"])) + (0 if check.exactly_once else 1)
    result = {
        **{k: v for k, v in state.items() if k not in ("seconds", "sweep_at")},
        "rows": rows, "offered_load": table.offered_load(rows, state["seconds"]), "timeline": table.timeline(out["surge"]["samples"]), "ledger": check.as_dict(limit=20),
        "requests": {"idle": len(out["idle"]["samples"]), "surge": len(out["surge"]["samples"]),
                     "surge_per_second": round(len(out["surge"]["samples"]) / state["seconds"], 1)},
        "sweep": {"triggered_at_s": state["sweep_at"], "outcome": sweep_outcome(work_dir / "celery.log")},
        "failures": (out["idle"]["failures"] + out["surge"]["failures"])[:30],
        "passed": len(rows) + 1 - failed, "failed": failed,
    }
    md = table.markdown(result)
    out_dir = BASE_DIR / "bench-results"
    (out_dir / "surge.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "surge.md").write_text(md, encoding="utf-8")
    log(md)
    return result
