"""Previous snapshots and the one-writer lock: what makes refresh, import and rollback safe to repeat.

Before a write, the files about to change are copied to data/.snapshots/<timestamp>/ (the last ten are kept), so
`rollback` restores them byte for byte; a second writer started meanwhile stops with Busy and changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

from kpi.data.store import DEFLATORS, NEIGHBOURS, OBSERVATIONS, SNAPSHOT
from loaders.files import atomic_write_bytes

try:  # POSIX advisory lock; elsewhere the commands run unlocked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

SNAPSHOTS = ".snapshots"
LOCK = Path("local") / "snapshot.lock"
SOURCES_FILE = "sources.csv"
KEPT_FILES = (OBSERVATIONS, DEFLATORS, NEIGHBOURS, SOURCES_FILE, SNAPSHOT)
KEEP_SNAPSHOTS = 10


def keep_previous(data_dir: Path, now: dt.datetime) -> Path:
    """Copy the snapshot files as they are now into a folder of their own; its path."""
    target = data_dir / SNAPSHOTS / now.strftime("%Y%m%dT%H%M%S%fZ")
    target.mkdir(parents=True, exist_ok=False)
    for name in KEPT_FILES:
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, target / name)
    return target


class Busy(OSError):
    """Another refresh, import or rollback is writing this snapshot."""


@contextlib.contextmanager
def locked(data_dir: Path):
    """One writer at a time: a second refresh, import or rollback waits for nothing and stops with Busy."""
    path = data_dir / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise Busy(
                    f"another refresh, import or rollback is writing {data_dir}; try again when it ends"
                ) from exc
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def prune(data_dir: Path, keep: int = KEEP_SNAPSHOTS) -> None:
    """Keep the most recent `keep` previous snapshots."""
    root = data_dir / SNAPSHOTS
    kept = sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []
    for old in kept[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def restore(data_dir: Path, kept: Path) -> None:
    for name in KEPT_FILES:
        if (kept / name).exists():
            atomic_write_bytes(data_dir / name, (kept / name).read_bytes())


def rollback(data_dir: Path) -> Path:
    """Restore the most recent kept snapshot byte for byte, then discard it (the next rollback goes further back)."""
    root = data_dir / SNAPSHOTS
    kept = sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []
    if not kept:
        raise FileNotFoundError(f"no previous snapshot in {root}")
    latest = kept[-1]
    with locked(data_dir):
        restore(data_dir, latest)
        shutil.rmtree(latest)
    return latest
