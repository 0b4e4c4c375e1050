"""Writing files safely: a file flushed to disk before it counts, and one writer at a time by an exclusive lock."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kpi.storage.snapshots import Busy

try:  # POSIX advisory lock; elsewhere the commands run unlocked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def write_flushed(path: Path, content: bytes) -> None:
    """Write `path` and flush it to disk (inside a folder that is renamed into place once every file is written)."""
    with open(path, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def file_lock(path: Path, busy: str):
    """Hold an exclusive lock on `path` or stop at once with Busy(busy)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise Busy(busy) from exc
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)
