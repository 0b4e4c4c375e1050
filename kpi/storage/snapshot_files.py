"""The snapshot in files: data/ is version 1, each later version a whole folder, one pointer says which is current.

    data/observations.csv ... snapshot.json   version 1, the committed snapshot (never rewritten here)
    data/versions/<id>/                       a later version: every snapshot file and version.json
    data/CURRENT                              the current version's id (absent: 1)
    data/local/                               the writer lock and the source status log (not versioned)

A writer builds the new folder under a temporary name, flushes every file to disk, renames the folder into place
and only then replaces CURRENT (os.replace, atomic): a reader, or a process killed at any instant, sees the old
version or the new one, never a mix. `recover` (run by every command and when the app starts) removes what an
interrupted writer left: a half-written folder, a folder never switched to, the temporary file of any atomic
write (the pointer, the source status log), wherever it is under the data folder.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from kpi.storage.files import file_lock, write_flushed
from kpi.storage.snapshots import (
    BUNDLED,
    KEEP_VERSIONS,
    OBSERVATIONS,
    OTHER_FILES,
    SNAPSHOT,
    SNAPSHOT_FILES,
    Busy,
    NewVersion,
    Snapshot,
    VersionInfo,
    atomic_write_bytes,
    check_parent,
    fsync_dir,
    leftover_temporaries,
    read_observations,
    rollback_base,
    rollback_info,
)
from kpi.storage.status_log import STATUS_FILE, read_log

POINTER = "CURRENT"
VERSIONS = "versions"
INFO = "version.json"
LOCK = Path("local") / "snapshot.lock"
TMP_PREFIX = ".tmp-"


class FileSnapshots:
    """The snapshot's versions as folders under one data directory."""

    backend = "files"

    def __init__(self, root: Path):
        self.root = Path(root)

    def describe(self) -> str:
        return str(self.root)

    # ------------------------------------------------------------------ reading
    def head(self) -> int:
        try:
            return int((self.root / POINTER).read_text().strip() or 1)
        except FileNotFoundError:
            return 1

    def folder(self, version_id: int) -> Path:
        return self.root if version_id == 1 else self.root / VERSIONS / str(version_id)

    def _ids(self) -> list[int]:
        top = self.root / VERSIONS
        found = [int(p.name) for p in top.iterdir() if p.is_dir() and p.name.isdigit()] if top.is_dir() else []
        return sorted(found)

    def exists(self, version_id: int) -> bool:
        return version_id == 1 or (self.folder(version_id) / INFO).is_file()

    def info(self, version_id: int) -> VersionInfo:
        if version_id != 1:
            return VersionInfo.from_dict(json.loads((self.folder(version_id) / INFO).read_text()))
        meta_path = self.root / SNAPSHOT
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        return VersionInfo(1, 0, 0, BUNDLED, str(meta.get("updated", "")), "the bundled snapshot (data/)")

    def versions(self) -> list[VersionInfo]:
        """Every version kept, newest first."""
        return [self.info(v) for v in sorted({1, *self._ids()}, reverse=True)]

    def read(self, version_id: int | None = None) -> Snapshot:
        for attempt in range(2):
            vid = version_id or self.head()
            folder = self.folder(vid)
            try:
                files = {n: (folder / n).read_bytes() for n in OTHER_FILES if (folder / n).exists()}
                return Snapshot(self.info(vid), read_observations(folder / OBSERVATIONS), files)
            except FileNotFoundError:
                if version_id is not None or attempt:
                    raise  # a version pruned while it was being read: the pointer has moved on, read again
        raise AssertionError("unreachable")  # pragma: no cover

    def key(self) -> str:
        """Changes with every new version (and when the committed files of version 1 are rebuilt)."""
        vid, stamp = self.stamped_head()
        return f"files:{self.root}#{vid}#{stamp}"

    def stamped_head(self) -> tuple[int, str]:
        """The current version and its files' modification times and sizes, read together so they agree."""
        vid = self.head()
        folder = self.folder(vid)
        stamps = []
        for name in SNAPSHOT_FILES:
            try:
                stat = (folder / name).stat()
                stamps.append(f"{stat.st_mtime_ns}:{stat.st_size}")
            except FileNotFoundError:
                stamps.append("-")
        return vid, "|".join(stamps)

    def log_key(self) -> str:
        try:
            stat = (self.root / STATUS_FILE).stat()
            return f"{stat.st_mtime_ns}:{stat.st_size}"
        except FileNotFoundError:
            return "-"

    def read_log(self) -> dict:
        return read_log(self.root)

    def record_log(self, entries: dict[str, dict]) -> None:
        log = self.read_log()
        log.update(entries)
        atomic_write_bytes(self.root / STATUS_FILE, (json.dumps(log, indent=2, sort_keys=True) + "\n").encode())

    # ------------------------------------------------------------------ writing
    def locked(self):
        """One writer at a time: a second refresh, import or rollback stops with Busy and changes nothing."""
        return file_lock(
            self.root / LOCK, f"another refresh, import or rollback is writing {self.root}; try again when it ends"
        )

    def write(self, new: NewVersion, *, parent: int) -> VersionInfo:
        """The changed files as a new version on top of `parent`; VersionConflict if another version came first."""
        with self.locked():
            self._recover()
            head = self.head()
            check_parent(head, parent)
            info = new.info(self._next_id(head), head)
            self._publish(info, self.folder(head), dict(new.files))
            self.prune()
        return info

    def rollback(self, *, who: str, at: str) -> VersionInfo:
        """A new version with the content of the one the current version was built on, byte for byte."""
        with self.locked():
            self._recover()
            current = self.info(self.head())
            target = self.info(rollback_base(current, self.exists))
            info = rollback_info(self._next_id(current.version_id), current, target, who=who, at=at)
            self._publish(info, self.folder(target.version_id), {})
            self.prune()
        return info

    def _next_id(self, head: int) -> int:
        return max([head, *self._ids()]) + 1

    def _publish(self, info: VersionInfo, source: Path, changed: dict[str, bytes]) -> None:
        top = self.root / VERSIONS
        top.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{info.version_id}-", dir=top))
        try:
            os.chmod(tmp, 0o755)
            for name in SNAPSHOT_FILES:
                if name in changed:
                    write_flushed(tmp / name, changed[name])
                elif (source / name).exists():
                    write_flushed(tmp / name, (source / name).read_bytes())
            write_flushed(tmp / INFO, (json.dumps(info.as_dict(), indent=2, sort_keys=True) + "\n").encode())
            fsync_dir(tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)  # a full disk or a bad file: nothing was switched
            raise
        os.rename(tmp, top / str(info.version_id))
        fsync_dir(top)
        atomic_write_bytes(self.root / POINTER, f"{info.version_id}\n".encode())  # the switch

    def prune(self, keep: int = KEEP_VERSIONS) -> None:
        """Keep the last `keep` versions (version 1, the committed files, is never deleted)."""
        ids = sorted({1, *self._ids()})
        current = self.head()
        for vid in ids[:-keep]:
            if vid not in (1, current):
                shutil.rmtree(self.folder(vid), ignore_errors=True)

    def recover(self) -> list[str]:
        """Clean up after a writer that was killed; what was removed. Skipped while a writer is running."""
        try:
            with self.locked():
                return self._recover()
        except Busy:
            return []

    def _recover(self) -> list[str]:
        removed = []
        top = self.root / VERSIONS
        for tmp in leftover_temporaries(self.root):  # the pointer's, the status log's, any other atomic write's
            tmp.unlink(missing_ok=True)
            removed.append(str(tmp))
        if not top.is_dir():
            return removed
        for tmp in top.glob(f"{TMP_PREFIX}*"):
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(str(tmp))
        head = self.head()
        if not self.exists(head):  # the pointer names a folder that is gone: fall back to the newest whole one
            head = max([1, *(v for v in self._ids() if v < head and self.exists(v))])
            atomic_write_bytes(self.root / POINTER, f"{head}\n".encode())
            removed.append(f"{POINTER} -> {head}")
        for vid in self._ids():
            if vid > head:  # written but never switched to: no reader has seen it
                shutil.rmtree(self.folder(vid), ignore_errors=True)
                removed.append(str(self.folder(vid)))
        return removed
