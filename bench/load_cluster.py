"""N replicas behind nginx for the load bench (two unless `--replicas N`), started and stopped by scripts/cluster.sh
(exactly what it started) on the bench's own database. The member journey then runs through the load balancer (every
replica) and straight to replica a (one replica), at the same load (bench/load_section.py). Skipped with a note where
nginx is not installed: the bench does not install it (`scripts/cluster.sh install` does, as root)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.servers import ROOT

NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))


def missing() -> str | None:
    """Why the replicas comparison cannot run here, or None."""
    if not NGINX.exists():
        return f"skipped: {NGINX} is not installed (scripts/cluster.sh install, as root, installs Debian's nginx)"
    return None


def _cluster(action: str, state: Path, db_url: str, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable, "KPI_CLUSTER_DIR": str(state), "KPI_DB_URL": db_url}
    return subprocess.run(
        ["bash", "scripts/cluster.sh", action, *options], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@contextlib.contextmanager
def cluster(db_url: str, replicas: int = 2):
    """`replicas` replicas and nginx on loopback: yields cluster.env's addresses and process ids; always stopped."""
    state = Path(tempfile.mkdtemp(prefix="kpi-bench-cluster-"))
    try:
        started = _cluster("start", state, db_url, "--replicas", str(replicas))
        if started.returncode != 0:
            raise RuntimeError(f"scripts/cluster.sh start failed: {(started.stderr or started.stdout)[-400:]}")
        yield dict(line.split("=", 1) for line in (state / "cluster.env").read_text().splitlines() if "=" in line)
    finally:
        _cluster("stop", state, db_url)
