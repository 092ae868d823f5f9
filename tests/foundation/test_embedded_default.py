"""`make run`'s embedded default (SQLite, Celery in-process), set up and browsed as a newcomer would.

The suite runs on PostgreSQL; underneath, the embedded default differs (no arrays, no DISTINCT ON, no rollup
triggers), and a page that works on one can fail on the other: the 调度会 pages once did. So this runs
migrate and setup_demo on a fresh SQLite file in a child process and opens every role's pages there.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PAGES = {
    "office": ["/dashboard/", "/api/dashboard/", "/dashboard/changes/", "/api/changes/", "/api/briefing.docx",
               "/api/scores/", "/dashboard/scores/", "/tasks/", "/tasks/load/", "/tasks/reports/quality/",
               "/api/tasks/?cursor=", "/dashboard/export.xlsx", "/dashboard/changes.xlsx", "/admin/"],
    "leader": ["/dashboard/", "/api/dashboard/", "/dashboard/changes/", "/api/briefing.docx", "/tasks/"],
    "zwj_liaison": ["/tasks/", "/tasks/load/", "/api/tasks/", "/api/changes/", "/api/scores/", "/dashboard/"],
    "zwj_head": ["/tasks/", "/api/tasks/", "/dashboard/"],
}
BROWSE = """
import json
import os
from django.contrib.auth import get_user_model
from django.test import Client
statuses = {}
for username, urls in json.loads(os.environ["PAGES"]).items():
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for url in urls:
        statuses[f"{username} {url}"] = client.get(url, HTTP_HOST="127.0.0.1").status_code
print(json.dumps(statuses))
"""


def _manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-3000:])
    return result.stdout


def test_make_run_sets_up_on_sqlite_and_serves_every_roles_pages(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"),
               PAGES=json.dumps(PAGES), FANGGUANFU_ENV="development")
    _manage(env, "migrate", "--noinput", "-v0")
    assert "office" in _manage(env, "setup_demo")  # prints the logins
    assert (tmp_path / "db.sqlite3").stat().st_size > 0
    statuses = json.loads(_manage(env, "shell", "-c", BROWSE).strip().splitlines()[-1])
    assert len(statuses) == sum(len(urls) for urls in PAGES.values())
    assert {page: code for page, code in statuses.items() if code != 200} == {}
