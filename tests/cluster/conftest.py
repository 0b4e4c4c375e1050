"""App replicas behind nginx on one PostgreSQL, started by `scripts/cluster.sh` (what `make cluster` runs): two for
the browser tests (test_cluster.py), three for the spread of sessions and the stop (test_replicas.py).

Each test module gets its own cluster on a schema of its own in the test database. Locally the tests skip, saying
why, without nginx or PostgreSQL; in CI (KPI_REQUIRE_PG=1, .ci/run installs both) they must run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pgschema import schema_url

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
BAND_D_EDIT = ("E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0")


def require_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("KPI_REQUIRE_PG") == "1":
            pytest.fail(f"{NGINX} is missing: .ci/run installs Debian's nginx")
        pytest.skip(f"{NGINX} not installed (apt-get install nginx, or run scripts/cluster.sh start as root)")


def seed(url: str, folder: Path) -> None:
    """Version 1 of the shared snapshot from a copy of data/ in which Barking and Dagenham's 2023-24 Band D is
    1000.0 (an edited example value), so that importing the real CTR Table 9 has a figure to put right."""
    from kpi.storage.backends import open_snapshots

    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("local", "versions", "CURRENT", ".*"))
    path = folder / "observations.csv"
    path.write_text(path.read_text().replace(*BAND_D_EDIT))
    open_snapshots(url, folder).db.dispose()


def cluster_command(action: str, state: Path, url: str, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable, "KPI_CLUSTER_DIR": str(state), "KPI_DB_URL": url}
    return subprocess.run(
        ["bash", "scripts/cluster.sh", action, *options], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@contextlib.contextmanager
def running_cluster(state: Path, url: str, replicas: int):
    """`scripts/cluster.sh start --replicas N` on `url`: yields cluster.env (and the state folder); stopped after,
    with every replica's process gone."""
    started = cluster_command("start", state, url, "--replicas", str(replicas))
    assert started.returncode == 0, started.stdout + started.stderr  # a start that fails stops what it started
    env: dict = {}
    try:
        assert "load balancer: http://127.0.0.1:" in started.stdout and f"database:      {url}" in started.stdout
        env = dict(line.split("=", 1) for line in (state / "cluster.env").read_text().splitlines())
        yield {**env, "state": state}
    finally:
        stopped = cluster_command("stop", state, url)
        assert stopped.returncode == 0, stopped.stderr
        for name in env.get("REPLICA_NAMES", "").split(","):
            pid = env.get(f"REPLICA_{name.upper()}_PID")
            assert not pid or not Path(f"/proc/{pid}").exists(), f"replica {name} (pid {pid}) outlived cluster.sh stop"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_nginx()
    state = tmp_path_factory.mktemp("cluster")
    with schema_url("cluster") as url:
        seed(url, state / "seed")
        with running_cluster(state, url, replicas=2) as env:
            yield env
