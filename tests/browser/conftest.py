"""One app server and one Chromium for all browser tests: `streamlit run` on localhost, driven by
Playwright through Debian's chromium (Playwright cannot download its own browser here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from portfolio import migrate
from portfolio.settings import PROJECT_ROOT, Settings
from tests.accounts import demo_with_accounts

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"


@contextmanager
def _app_server(database_url: str, folder: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port, until the block ends."""
    port = _free_port()
    log = (folder / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PORTFOLIO_DATABASE_URL": database_url, "PORTFOLIO_SESSION_IDLE_MINUTES": "30"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - localhost
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def app_url(app_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app every browser test shares: the demo portfolio and one account per role."""
    demo_with_accounts(app_database_url)
    with _app_server(app_database_url, tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def first_run_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second app, on a database without any account: only the first-run test can use it, since
    the first administrator can be created once."""
    folder = tmp_path_factory.mktemp("first-run")
    database_url = f"sqlite:///{folder / 'empty.db'}"
    migrate.upgrade(Settings(database_url=database_url))
    with _app_server(database_url, folder) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser tab that refuses every request leaving this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def only_local(route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
    assert outside == [], f"the app tried to reach the internet: {outside}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
