"""The official snapshot as numbered versions: one interface, two back ends chosen by the database URL.

Files (the default, beside SQLite for council-supplied figures): data/ itself is version 1 (the committed files);
every refresh, import or rollback writes a whole new folder data/versions/<id>/ and then switches one pointer,
data/CURRENT (snapshot_files.py). PostgreSQL (one snapshot for several replicas): versions are rows of the shared
database, each written in one transaction under an advisory lock (snapshot_db.py). Either way a reader sees the
old version or the new one, never a mix; a writer names the version it started from and is refused if another
writer got there first, so two imports at once leave one new version and a message for the other.

A rollback is a new version copying an earlier one byte for byte: what it returns to is the version the current
content was built on (`base`), so repeating it goes further back. The last ten versions are kept.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue

OBSERVATIONS = "observations.csv"
AREAS, METRICS, SOURCES = "areas.csv", "metrics.csv", "sources.csv"
UNAVAILABLE = "unavailable_measures.csv"  # measures the bundled files cannot give (optional)
DEFLATORS = "deflators.csv"
NEIGHBOURS = "neighbours.csv"
SNAPSHOT = "snapshot.json"
REORGANISATIONS = "reorganisations.csv"  # councils formed by structural changes orders (kpi.core.successors; optional)
SNAPSHOT_FILES = (OBSERVATIONS, AREAS, METRICS, SOURCES, UNAVAILABLE, DEFLATORS, NEIGHBOURS, REORGANISATIONS, SNAPSHOT)
OTHER_FILES = tuple(n for n in SNAPSHOT_FILES if n != OBSERVATIONS)  # catalogues and tables beside the figures
KEEP_VERSIONS = 10
BUNDLED, IMPORT, REFRESH, ROLLBACK = "bundled", "import", "refresh", "rollback"


class SnapshotError(RuntimeError):
    """A change to the snapshot that was refused; nothing was written."""


class Busy(SnapshotError):
    """Another refresh, import or rollback is writing the snapshot."""


class VersionConflict(SnapshotError):
    """Another writer made a new version after this one started."""


class NoEarlierVersion(SnapshotError):
    """There is nothing (or nothing kept) to roll back to."""


class NoSnapshot(SnapshotError):
    """The data folder named does not exist or holds no snapshot."""


def require_snapshot_folder(folder: Path) -> Path:
    """`folder` itself if it holds a snapshot (its observations), else NoSnapshot saying what was expected."""
    folder = Path(folder)
    expected = f"a data folder holding {OBSERVATIONS} (the bundled data/, or one made by `python -m loaders build`)"
    if not folder.is_dir():
        raise NoSnapshot(f"error: {folder} does not exist: expected {expected}")
    if not (folder / OBSERVATIONS).is_file():
        raise NoSnapshot(f"error: {folder} holds no snapshot: expected {expected}")
    return folder


@dataclass(frozen=True)
class VersionInfo:
    """Who made a version, when, from what, and what it was built on."""

    version_id: int
    parent: int  # the version that was current when this one was written (0: none)
    base: int  # the version whose content this one was built on: where a rollback returns (0: none)
    kind: str  # bundled, import, refresh, rollback
    created_at: str
    created_by: str
    file_name: str = ""
    sha256: str = ""
    sources: str = ""  # ids of the sources it updated, separated by ";"
    restores: int = 0  # for a rollback: the version whose content it copies
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> VersionInfo:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for k in ("version_id", "parent", "base", "restores"):
            values[k] = int(values.get(k) or 0)
        return cls(**{k: ("" if v is None else v) for k, v in values.items()})


@dataclass(frozen=True)
class NewVersion:
    """What a refresh or import asks to write: the changed files only; the others are the parent's."""

    kind: str
    created_by: str
    created_at: str
    files: Mapping[str, bytes] = field(default_factory=dict)  # any of SNAPSHOT_FILES, observations included
    file_name: str = ""
    sha256: str = ""
    sources: str = ""
    note: str = ""

    def info(self, version_id: int, parent: int) -> VersionInfo:
        return VersionInfo(
            version_id=version_id,
            parent=parent,
            base=parent,
            kind=self.kind,
            created_at=self.created_at,
            created_by=self.created_by[:200],
            file_name=self.file_name,
            sha256=self.sha256,
            sources=self.sources,
            note=self.note,
        )


def rollback_info(version_id: int, current: VersionInfo, target: VersionInfo, *, who: str, at: str) -> VersionInfo:
    """A new version restoring `target`: a further rollback goes to what target was built on."""
    return VersionInfo(
        version_id=version_id,
        parent=current.version_id,
        base=target.base,
        kind=ROLLBACK,
        created_at=at,
        created_by=who[:200],
        sources=current.sources,
        restores=target.version_id,
        note=f"restores version {target.version_id}",
    )


def check_parent(head: int, parent: int, *, snapshot: str = "the snapshot") -> None:
    """VersionConflict unless `head`, the current version, is still the one the writer started from (`parent`)."""
    if head != parent:
        raise VersionConflict(
            f"{snapshot} changed while this ran (now version {head}, it started from version {parent}); "
            "nothing was changed: run it again to apply it on top"
        )


def rollback_base(current: VersionInfo, kept: Callable[[int], bool]) -> int:
    """The version a rollback from `current` restores; NoEarlierVersion if there is none or it is no longer kept."""
    if not current.base:
        raise no_earlier(current)
    if not kept(current.base):
        raise NoEarlierVersion(f"version {current.base} is no longer kept (the last {KEEP_VERSIONS} are)")
    return current.base


def no_earlier(current: VersionInfo) -> NoEarlierVersion:
    if current.restores:
        return NoEarlierVersion(
            f"no previous snapshot to roll back to: version {current.version_id} restored version "
            f"{current.restores}, the earliest"
        )
    return NoEarlierVersion(f"no previous snapshot to roll back to: version {current.version_id} is the earliest")


@dataclass(frozen=True)
class Snapshot:
    """One version's content: the observations as a frame, every other file as its bytes."""

    info: VersionInfo
    observations: pd.DataFrame
    files: Mapping[str, bytes]

    def table(self, name: str, **read_csv) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(self.files[name]), **read_csv)

    def text_table(self, name: str) -> pd.DataFrame:
        return self.table(name, dtype=str, keep_default_na=False)

    def catalogue(self, today: dt.date | None = None) -> Catalogue:
        """The catalogue of this version, its reorganisations laid over its areas as of `today`."""
        required = (io.BytesIO(self.files[n]) for n in (AREAS, METRICS, SOURCES))
        optional = (io.BytesIO(self.files[n]) if n in self.files else None for n in (UNAVAILABLE, REORGANISATIONS))
        return Catalogue.from_csv(*required, *optional, today=today)

    def meta(self) -> dict:
        raw = self.files.get(SNAPSHOT)
        return json.loads(raw) if raw else {}


def read_observations(source) -> pd.DataFrame:
    """observations.csv (a path or a file object) in the schema's dtypes."""
    frame = pd.read_csv(
        source, dtype={c: "string" for c in S.COLUMNS if c != S.VALUE}, keep_default_na=False, na_values={S.VALUE: [""]}
    )
    return S.coerce(frame)


def frame_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in `path` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


TEMP_SUFFIX = ".tmp"  # an atomic write's temporary file: .<name>.<random>.tmp beside its target


def leftover_temporaries(root: Path) -> list[Path]:
    """Every temporary file an atomic write under `root` can leave when killed before its rename, at any depth
    (the pointer, the status log in local/, the files `loaders build` writes)."""
    return sorted(p for p in Path(root).rglob(f".*{TEMP_SUFFIX}") if p.is_file())


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
