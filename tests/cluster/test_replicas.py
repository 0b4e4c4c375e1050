"""Three replicas behind nginx (`scripts/cluster.sh start --replicas 3`, what `make cluster REPLICAS=3` runs) on one
PostgreSQL, which the script seeds: each replica answers its health check on a port of its own; nginx shares new
sessions evenly and names the replica in its cookie; a session stays on its replica for its page, its WebSocket, its
reruns and its later requests; stop leaves no process of the cluster behind and the ports closed. Runs last in this
module: the stop.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench.protocol import Session
from tests.cluster.conftest import cluster_command, require_nginx, running_cluster
from tests.pgschema import schema_url

REPLICAS = 3
NEW_SESSIONS = 60  # browsers without the cookie, one after another: nginx sends each to the least busy replica
# Sessions opened until every replica has held one: one a replica when new sessions are shared in turn; a few more
# allowed in case another client of the cluster holds a connection meanwhile.
STICKY_TRIES = 3 * REPLICAS


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    require_nginx()
    state = tmp_path_factory.mktemp("replicas")
    with schema_url("replicas") as url, running_cluster(state, url, REPLICAS) as env:
        yield env


def replica_urls(env: dict) -> dict[str, str]:
    return {name: env[f"REPLICA_{name.upper()}_URL"] for name in env["REPLICA_NAMES"].split(",")}


def port(url: str) -> str:
    return url.rsplit(":", 1)[1]


def served_by(response) -> str:
    """The port of the replica nginx sent a request to (its X-KPI-Replica header, also on the WebSocket's 101)."""
    return port(response.headers["x-kpi-replica"])


def test_every_replica_answers_its_health_check_on_its_own_port(three):
    urls = replica_urls(three)
    assert int(three["REPLICAS"]) == len(urls) == REPLICAS
    assert len({port(url) for url in urls.values()} | {port(three["LB_URL"])}) == REPLICAS + 1
    for name, url in urls.items():
        answer = httpx.get(f"{url}/_stcore/health", timeout=30)
        assert (answer.status_code, answer.text) == (200, "ok"), f"replica {name}"
    conf = (three["state"] / "nginx.conf").read_text()
    new_sessions = re.search(r"^ *upstream kpi_new_session \{(.*?)^ *\}", conf, re.S | re.M)[1]
    assert sorted(re.findall(r"server 127\.0\.0\.1:(\d+) ", new_sessions)) == sorted(port(u) for u in urls.values())
    for name, url in urls.items():  # each replica's own upstream: it first, every other one as its backup
        own = re.search(rf"^ *upstream kpi_replica_{name} \{{(.*?)^ *\}}", conf, re.S | re.M)[1]
        servers = re.findall(r"server 127\.0\.0\.1:(\d+)( backup)?", own)
        assert servers[0] == (port(url), "")
        assert sorted(p for p, backup in servers[1:] if backup) == sorted(port(u) for u in urls.values() if u != url)


def test_new_sessions_are_shared_evenly_and_the_cookie_names_the_replica(three):
    names = {port(url): name for name, url in replica_urls(three).items()}
    seen: Counter = Counter()
    for _ in range(NEW_SESSIONS):
        with httpx.Client(base_url=three["LB_URL"], timeout=30) as browser:  # a new browser: no cookie yet
            page = browser.get("/")
            assert page.status_code == 200
            seen[served_by(page)] += 1
            assert browser.cookies["kpi_replica"] == names[served_by(page)]
    assert set(seen) == set(names), seen
    assert max(seen.values()) - min(seen.values()) <= 2, seen  # 20 each when nothing else holds a connection


def test_a_cookie_naming_a_replica_that_is_not_there_starts_a_new_session(three):
    names = {port(url): name for name, url in replica_urls(three).items()}
    for stale in ("zz", "0f3a9c2e41d7b6a8", ""):  # an unknown name, a key from an earlier layout, an empty one
        with httpx.Client(base_url=three["LB_URL"], timeout=30, cookies={"kpi_replica": stale}) as browser:
            page = browser.get("/")
            assert page.status_code == 200
            assert page.cookies["kpi_replica"] == names[served_by(page)]  # what nginx set on this answer


async def _one_session(lb: str) -> set[str]:
    """The replicas that served one session: its page, its WebSocket, a rerun on it and later requests."""
    session = Session(lb, timeout=180)
    try:
        opened = await session.open("/")
        assert not opened.errors
        ports = {served_by(session.ws.response)}
        rerun = await session.goto("Trends")
        assert not rerun.errors and rerun.of_kind("plotly_chart")
        for path in ("/", "/_stcore/health", "/_stcore/host-config", "/trends"):
            ports.add(served_by(await session.http.get(path)))
        return ports
    finally:
        await session.close()


def test_a_session_stays_on_its_replica(three):
    held: Counter = Counter()
    for _ in range(STICKY_TRIES):
        with ThreadPoolExecutor(1) as thread:  # a loop of its own: the browser tests' Playwright holds this thread's
            ports = thread.submit(asyncio.run, asyncio.wait_for(_one_session(three["LB_URL"]), 300)).result()
        assert len(ports) == 1, f"one session served by {sorted(ports)}"
        held[ports.pop()] += 1
        if len(held) == REPLICAS:
            break
    assert set(held) == {port(url) for url in replica_urls(three).values()}, held


def _stat(pid: int | str) -> list[str] | None:
    """A running process's state, parent, process group and session (None once it has ended: zombies too)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:4]
    except OSError:
        return None
    return None if fields[0] == "Z" else fields


def processes_of(groups: set[int]) -> set[int]:
    """Running processes whose process group or session is one of `groups`."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(stat.parent.name)
        if fields and {int(fields[2]), int(fields[3])} & groups:
            found.add(int(stat.parent.name))
    return found


def test_stop_leaves_no_process_behind(three):
    state = three["state"]
    replicas = {int(three[f"REPLICA_{name.upper()}_PID"]) for name in three["REPLICA_NAMES"].split(",")}
    nginx = int((state / "nginx" / "nginx.pid").read_text())
    before = processes_of(replicas | {nginx})
    assert replicas | {nginx} < before  # each replica, nginx's master and its worker
    stopped = cluster_command("stop", state, three["KPI_DB_URL"])
    assert stopped.returncode == 0, stopped.stderr
    assert not processes_of(replicas | {nginx}), "processes of the cluster left running"
    assert not [pid for pid in before if _stat(pid)], "a process seen before the stop still runs"
    for url in (three["LB_URL"], *replica_urls(three).values()):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/_stcore/health", timeout=5)
    assert not list(state.glob("replica-*.pid")) and not (state / "nginx" / "nginx.pid").exists()
    assert not (state / "cluster.env").exists()
