"""Two replicas behind nginx against one: the member journey at the same load through the load balancer (both
replicas) and straight to replica a (one replica), with scripts/cluster.sh starting and stopping exactly what it
started (on the bench's own database). Skipped with a note where nginx is not installed: the bench does not install
it (`scripts/cluster.sh install` does, as root)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench.journeys import POOL, member
from bench.load_runs import SETTLE_S, Target, one_load, say, warm
from bench.servers import ROOT, Process

NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))


def missing() -> str | None:
    """Why the two-replica comparison cannot run here, or None."""
    if not NGINX.exists():
        return f"skipped: {NGINX} is not installed (scripts/cluster.sh install, as root, installs Debian's nginx)"
    return None


def _cluster(action: str, state: Path, db_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable, "KPI_CLUSTER_DIR": str(state), "KPI_DB_URL": db_url}
    return subprocess.run(
        ["bash", "scripts/cluster.sh", action], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@contextlib.contextmanager
def cluster(db_url: str):
    """Two replicas and nginx on loopback: yields cluster.env's addresses and process ids; always stopped."""
    state = Path(tempfile.mkdtemp(prefix="kpi-bench-cluster-"))
    try:
        started = _cluster("start", state, db_url)
        if started.returncode != 0:
            raise RuntimeError(f"scripts/cluster.sh start failed: {(started.stderr or started.stdout)[-400:]}")
        yield dict(line.split("=", 1) for line in (state / "cluster.env").read_text().splitlines() if "=" in line)
    finally:
        _cluster("stop", state, db_url)


async def _compare(env: dict, users: int, timeout: float) -> dict:
    a, b = Process(int(env["REPLICA_A_PID"])), Process(int(env["REPLICA_B_PID"]))
    one = Target("one replica", env["REPLICA_A_URL"], [a])
    two = Target("two replicas", env["LB_URL"], [a, b])
    for url, process in ((env["REPLICA_A_URL"], a), (env["REPLICA_B_URL"], b)):
        await warm(Target("warm-up", url, [process]), member, timeout=timeout, people=POOL)
    alone = await one_load(one, member, users, timeout=timeout)
    say(alone)
    await asyncio.sleep(SETTLE_S)
    both = await one_load(two, member, users, timeout=timeout)
    say(both)
    return {"users": users, "one": asdict(alone), "two": asdict(both)}


def replicas(db_url: str, users: int, *, timeout: float) -> dict:
    """Journeys per second of two replicas (through nginx) and of one, at the same load."""
    if note := missing():
        return {"skipped": note}
    with cluster(db_url) as env:
        return asyncio.run(_compare(env, users, timeout))
