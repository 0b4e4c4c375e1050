"""How a headless Chromium and a Streamlit server on loopback are started, for the benchmark and the browser tests
alike (tests/conftest.py imports this): the benchmark measures the app as the tests drive it."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The server options deployments pass (README, Deployment), on the loopback address; the port is the caller's.
SERVER_FLAGS = [
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
]
