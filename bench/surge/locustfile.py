"""The month-end surge as locust users (run by .venv-surge/bin/locust; imports nothing of the app).

Liaisons do what a liaison does at month end, through the pages a browser uses: the login
form (with its CSRF token), the task list filtered to 本月未报送, a task page, the report
form, and the form posted with an attachment; then the task page it lands on. Leaders reload
the dashboard. Every request is timed and kept (name, milliseconds, ok), so the app side
computes exact percentiles rather than locust's rounded buckets.

Environment (set by bench/surge/run.py):
  SURGE_ACCOUNTS  JSON written by bench/surge/accounts.as_json
  SURGE_MODE      idle (one liaison and one leader, short pauses) or surge
  SURGE_RUN_ID    letters and digits; goes into every submission's marker
  SURGE_OUT       where to write the samples and submissions (JSON) when locust stops
  SURGE_PAGE_THINK, SURGE_FORM_THINK, SURGE_LEADER_THINK  "low,high" seconds
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS = json.load(open(os.environ["SURGE_ACCOUNTS"], encoding="utf-8"))
IDLE = os.environ.get("SURGE_MODE", "surge") in ("idle", "warmup")
RUN_ID = os.environ["SURGE_RUN_ID"]
OUT = os.environ["SURGE_OUT"]


def _range(name: str, default: str) -> tuple[float, float]:
    low, high = (float(x) for x in os.environ.get(name, default).split(","))
    return low, high


# Idle: the same requests one after another with a short pause, to measure each on a quiet system.
IDLE_PAUSE = (0.5, 1.0)
PAGE_THINK = IDLE_PAUSE if IDLE else _range("SURGE_PAGE_THINK", "5,15")  # reading a page, clicking on
FORM_THINK = IDLE_PAUSE if IDLE else _range("SURGE_FORM_THINK", "60,180")  # typing the report, picking a file
LEADER_THINK = IDLE_PAUSE if IDLE else _range("SURGE_LEADER_THINK", "20,40")  # looking at the dashboard

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_LINK = re.compile(r'href="/tasks/([0-9]+)/report/"')
INPUT_VALUE = r'name="{}"[^>]*?value="([^"]*)"'

STARTED = time.time()
SAMPLES: list[tuple[str, float, bool, float]] = []  # name, ms, ok, seconds since locust started
SUBMISSIONS: list[dict] = []
FAILURES: list[dict] = []  # the first few, with what the server said


@events.request.add_listener
def _keep(name, response_time, exception, response=None, start_time=None, **kwargs):
    SAMPLES.append((name, round(response_time, 2), exception is None, round((start_time or time.time()) - STARTED, 1)))
    if exception is not None and len(FAILURES) < 50:
        status = getattr(response, "status_code", None)
        body = ""
        try:
            body = (response.text or "")[:300] if response is not None else ""
        except Exception:  # noqa: BLE001 - a broken body is itself the failure being recorded
            body = ""
        FAILURES.append({"name": name, "status": status, "error": str(exception)[:300], "body": body})


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump({"samples": SAMPLES, "submissions": SUBMISSIONS, "failures": FAILURES}, fh, ensure_ascii=False)


def pause(span: tuple[float, float]) -> None:
    gevent.sleep(random.uniform(*span))


def _attachment() -> tuple[str, bytes, str]:
    """A scanned-report-sized PDF (80–600 KB): the header the upload check reads, then bulk."""
    size = random.randint(80_000, 600_000)
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(size) + b"\n%%EOF\n"
    return "佐证材料.pdf", body, "application/pdf"


class SurgeUser(FastHttpUser):
    abstract = True
    pool_key = ""
    counter = itertools.count()
    account: dict

    def on_start(self):
        accounts = ACCOUNTS[self.pool_key]
        index = next(self.counter)
        if index >= len(accounts):
            raise StopUser()
        self.account = accounts[index]
        self.index = index
        self.login()

    def referer(self, path: str) -> dict:
        # Over HTTPS Django's CSRF check wants a Referer (or Origin) of this site, as a browser sends.
        return {"Referer": f"{self.host}{path}"}

    def login(self):
        with self.client.get("/accounts/login/", name="登录页 /accounts/login/", catch_response=True) as r:
            token = CSRF.search(r.text or "")
            if not token:
                r.failure("登录页没有 CSRF 令牌")
                raise StopUser()
        with self.client.post("/accounts/login/", name="登录 POST /accounts/login/", allow_redirects=False,
                              catch_response=True, headers=self.referer("/accounts/login/"),
                              data={"csrfmiddlewaretoken": token.group(1), "username": self.account["username"],
                                    "password": ACCOUNTS["password"], "next": ""}) as r:
            if r.status_code != 302:
                r.failure(f"登录未成功（HTTP {r.status_code}）")
                raise StopUser()
        pause(PAGE_THINK)
        # Home sends a liaison to the task list, a leader to the dashboard: follow it as a browser does.
        self.client.get("/", name="首页 / → 跳转")


class Liaison(SurgeUser):
    abstract = True
    wait_time = between(*PAGE_THINK)

    def on_start(self):
        self.used: set[int] = set()
        self.sent = 0
        super().on_start()
        self.code = f"{os.environ.get('SURGE_MODE', 'surge')[0].upper()}{self.index:03d}"

    def mine(self, task_id: int) -> bool:
        return task_id % self.account["slots"] == self.account["slot"] and task_id not in self.used

    def pick_task(self) -> int | None:
        for page in (1, 2, 3):
            r = self.client.get(f"/tasks/?has_report_this_month=false&page={page}",
                                name="任务列表 /tasks/?本月未报送")
            ids = [int(x) for x in REPORT_LINK.findall(r.text or "")]
            free = [t for t in ids if self.mine(t)]
            if free:
                return random.choice(free)
            if len(ids) < 50:  # the last page: nothing left this month for this liaison
                return None
            pause(PAGE_THINK)
        return None

    @task
    def report_one_task(self):
        task_id = self.pick_task()
        if task_id is None:
            pause(FORM_THINK)
            return
        self.used.add(task_id)
        pause(PAGE_THINK)
        self.client.get(f"/tasks/{task_id}/", name="任务页 /tasks/[id]/")
        pause(PAGE_THINK)
        form_path = f"/tasks/{task_id}/report/"
        with self.client.get(form_path, name="报送表 /tasks/[id]/report/", allow_redirects=False,
                             catch_response=True) as r:
            if r.status_code == 302:  # locked meanwhile (a sign-off request): the page says so; pick another
                r.success()
                return
            page = r.text or ""
            token = CSRF.search(page)
            period = re.search(INPUT_VALUE.format("period"), page)
            if r.status_code != 200 or not token or not period:
                r.failure(f"报送表不完整（HTTP {r.status_code}）")
                return
            version = re.search(INPUT_VALUE.format("version"), page)
        pause(FORM_THINK)
        self.sent += 1
        marker = f"SURGE-{RUN_ID}-{self.code}-{self.sent}"
        name, body, content_type = _attachment()
        submission = {"marker": marker, "task": task_id, "accepted": False, "attachments": 1}
        SUBMISSIONS.append(submission)
        with self.client.post(form_path, name="报送 POST /tasks/[id]/report/", allow_redirects=False,
                              catch_response=True, headers=self.referer(form_path),
                              data={"csrfmiddlewaretoken": token.group(1), "period": period.group(1),
                                    "content": f"【{marker}】本月按计划推进，完成阶段性工作，相关佐证材料见附件。",
                                    "problems": "无", "next_steps": "继续推进，按时限完成。",
                                    "percent": str(random.choice(range(10, 100, 10))),
                                    "version": version.group(1) if version else ""},
                              files={"attachments": (name, body, content_type)}) as r:
            location = r.headers.get("Location", "") if r.headers else ""
            if r.status_code != 302 or not location.endswith(f"/tasks/{task_id}/"):
                r.failure(f"报送未被接受（HTTP {r.status_code}）")
                return
            submission["accepted"] = True
        self.client.get(f"/tasks/{task_id}/", name="任务页 /tasks/[id]/")


class Leader(SurgeUser):
    abstract = True
    wait_time = between(*LEADER_THINK)

    @task
    def dashboard(self):
        self.client.get("/dashboard/", name="驾驶舱 /dashboard/")


# Which users run: the idle baseline's two, or the surge's crowd. fixed_count makes the numbers exact.
if IDLE:
    class IdleLiaison(Liaison):
        pool_key = "idle_liaisons"
        counter = itertools.count()
        fixed_count = 1

    class IdleLeader(Leader):
        pool_key = "idle_leaders"
        counter = itertools.count()
        fixed_count = 1
else:
    class SurgeLiaison(Liaison):
        pool_key = "liaisons"
        counter = itertools.count()
        fixed_count = len(ACCOUNTS["liaisons"])

    class SurgeLeader(Leader):
        pool_key = "leaders"
        counter = itertools.count()
        fixed_count = len(ACCOUNTS["leaders"])
