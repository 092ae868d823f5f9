"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Use the `page` fixture with pytest-django's `live_server`. Screenshots go to
test-artifacts/screenshots/. Any request to a host other than 127.0.0.1 or
localhost is recorded in `page.external_requests` and aborted: the app must
work on an offline intranet.
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread until the
    # session ends, so Django's async-safety check would refuse every later ORM
    # call, e.g. the flush after a transactional test. Allow them while it lives.
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.console_errors = []
    pg.external_requests = []
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            return route.continue_()
        pg.external_requests.append(route.request.url)
        return route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
