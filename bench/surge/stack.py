"""The app as production runs it, on this machine: gunicorn with several workers and a Celery worker.

The children get production settings (FANGGUANFU_ENV=production, DEBUG off, a fresh random
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) on the surge's PostgreSQL database and Redis numbers.
Production puts TLS in front of the app and the settings insist on it (secure cookies, HTTPS
redirect, CSRF Referer check); gunicorn serves TLS itself here with a throwaway self-signed
certificate, so not one security setting is switched off for the load test.
"""

import json
import os
import secrets
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from workdays.calendar import roll_forward

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@dataclass
class StackConfig:
    database_url: str
    redis_url: str
    broker_url: str
    port: int
    workers: int
    work_dir: Path  # certificate, static files, media, logs
    python: str = str(BASE_DIR / ".venv" / "bin" / "python")

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"


def production_env(config: StackConfig) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FANGGUANFU_"))}
    env.update({
        "FANGGUANFU_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "CELERY_BROKER_URL": config.broker_url,
        "MEDIA_ROOT": str(config.work_dir / "media"),
        "STATIC_ROOT": str(config.work_dir / "static"),
        # The app is reached directly, not through a proxy: every address is the socket's own (127.0.0.1).
        "NUM_PROXIES": "0",
        # No mail server on this machine: the sweep's e-mails are built and handed to an in-memory outbox.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def make_certificate(tls_dir: Path) -> tuple[Path, Path]:
    tls_dir.mkdir(parents=True, exist_ok=True)
    cert, key = tls_dir / "cert.pem", tls_dir / "key.pem"
    if not cert.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                        "-out", str(cert), "-days", "7", "-subj", "/CN=127.0.0.1"],
                       check=True, capture_output=True)
    return cert, key


@dataclass
class Stack:
    config: StackConfig
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self):
        self.env = production_env(self.config)

    def log_path(self, name: str) -> Path:
        return self.config.work_dir / f"{name}.log"

    def manage(self, *args: str) -> None:
        subprocess.run([self.config.python, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.log_path(name), "w")  # noqa: SIM115 - the child writes to it until stop()
        # A process group of its own: stop() ends exactly this child and the workers it forked.
        self.processes[name] = subprocess.Popen(argv, cwd=BASE_DIR, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        cfg = self.config
        (cfg.work_dir / "media").mkdir(parents=True, exist_ok=True)
        self.manage("collectstatic", "--noinput")
        cert, key = make_certificate(cfg.work_dir / "tls")
        bin_dir = Path(cfg.python).parent
        self._spawn("celery", [str(bin_dir / "celery"), "-A", "fangguanfu", "worker", "--loglevel", "INFO",
                               "--concurrency", "2", "--hostname", f"surge-{cfg.port}@%h"])
        self._spawn("gunicorn", [str(bin_dir / "gunicorn"), "fangguanfu.wsgi:application",
                                 "--bind", f"127.0.0.1:{cfg.port}", "--workers", str(cfg.workers), "--timeout", "60",
                                 "--certfile", str(cert), "--keyfile", str(key)])
        self.wait_ready()

    def wait_ready(self, timeout: float = 90) -> dict:
        """Until /healthz/ answers (its verdict is printed: without beat it reports the schedule as stale)."""
        context = ssl._create_unverified_context()  # the throwaway self-signed certificate
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} 已退出（代码 {proc.returncode}），见 {self.log_path(name)}")
            try:
                with urllib.request.urlopen(f"{self.config.base_url}/healthz/", context=context, timeout=5) as r:
                    return {"status": r.status}
            except urllib.error.HTTPError as exc:
                return {"status": exc.code}
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
        raise RuntimeError(f"gunicorn 在 {timeout:.0f} 秒内没有应答，见 {self.log_path('gunicorn')}")

    def trigger_sweep(self) -> None:
        """The daily reminder sweep, queued to the worker as beat would queue it, as of the next working day from
        today: on a rest day the sweep rightly sends nothing, and the surge would measure nothing."""
        bin_dir = Path(self.config.python).parent
        day = roll_forward(timezone.localdate()).isoformat()
        subprocess.run([str(bin_dir / "celery"), "-A", "fangguanfu", "call", "reminders.tasks.reminder_sweep_task",
                        "--args", json.dumps([day])], cwd=BASE_DIR, env=self.env, check=True, capture_output=True)

    def stop(self) -> None:
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
