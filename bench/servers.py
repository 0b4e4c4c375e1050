"""Servers for the browser benchmark: the dashboard (as deployments start it) and the floor app, on loopback, with
the process's memory and CPU time read from /proc."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.flags import SERVER_FLAGS

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor_app" / "main.py"
ELEMENT_FLOOR = Path(__file__).resolve().parent / "element_floor" / "main.py"
TICKS = os.sysconf("SC_CLK_TCK")
COMMON = [*SERVER_FLAGS, "--server.disconnectedSessionTTL", "5"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict = field(default_factory=dict)
    port: int = 0
    proc: subprocess.Popen | None = None
    started: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = free_port()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [*self.command, *COMMON, "--server.port", str(self.port)],
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/_stcore/health", timeout=2).text == "ok":
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start")

    def rss_mb(self) -> float:
        return rss_mb(self.proc.pid)

    def cpu_s(self) -> float:
        return cpu_s(self.proc.pid)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def project(db_url: str) -> Server:
    return Server("dashboard", [sys.executable, "-m", "ui.serve"], {"KPI_DB_URL": db_url})


def floor() -> Server:
    return Server("floor", [sys.executable, "-m", "streamlit", "run", str(FLOOR)])


def element_floor() -> Server:
    """The dashboard's pages drawn again from their recordings (bench/element_floor): Streamlit's own cost of them."""
    return Server("element floor", [sys.executable, "-m", "streamlit", "run", str(ELEMENT_FLOOR)])


def cpu_s(pid: int) -> float:
    """A process's CPU seconds so far (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass(frozen=True)
class Process:
    """A server process started elsewhere (a cluster replica), measured as Server measures its own."""

    pid: int

    def cpu_s(self) -> float:
        return cpu_s(self.pid)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)
