from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bench.flags import CHROMIUM, CHROMIUM_ARGS, SERVER_FLAGS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session", autouse=True)
def _private_database(tmp_path_factory):
    """No test reads or writes the developer's data/local database: the default store URL points at a temp file."""
    os.environ["KPI_DB_URL"] = f"sqlite:///{tmp_path_factory.mktemp('db') / 'session.sqlite'}"
    yield


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """A fresh, empty SQLite store for one test (the app and the CLI read KPI_DB_URL)."""
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    monkeypatch.setenv("KPI_DB_URL", url)
    return url


@pytest.fixture(scope="session")
def store():
    from kpi.model.store import Store

    return Store.load()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for tests that change the snapshot."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("local", "*.sqlite", "versions", "CURRENT"))
    return target


@pytest.fixture
def app():
    """A fresh AppTest of the whole dashboard, with Streamlit's process-wide caches cleared."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def chromium():
    if not browser_available():
        if os.environ.get("KPI_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); browser tests skipped locally")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server_db_url(tmp_path_factory):
    """The served app's own database (what the browser tests upload must not leak into the AppTest tests)."""
    return f"sqlite:///{tmp_path_factory.mktemp('server-db') / 'server.sqlite'}"


def start_server(db_url: str) -> tuple[str, subprocess.Popen]:
    """The real app as deployments start it (`python -m ui.serve`), on a free loopback port, once healthy."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KPI_DB_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", *SERVER_FLAGS, "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(f"{base}/_stcore/health", timeout=2).text == "ok":
                return base, proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(proc.stdout.read().decode())
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def server(server_db_url):
    """The real app on a free loopback port, with a database of its own."""
    base, proc = start_server(server_db_url)
    yield base
    stop_server(proc)


@pytest.fixture
def fresh_server(tmp_path):
    """A server started for one test, so its first request can be checked (e.g. a deep link)."""
    base, proc = start_server(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    yield base
    stop_server(proc)


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
