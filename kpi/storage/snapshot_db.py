"""The snapshot in the shared PostgreSQL database: one snapshot for every replica.

Each version is written in one transaction holding an advisory lock (pg_try_advisory_xact_lock), so a second
writer on any replica stops at once with Busy, and one that started from an older version stops with
VersionConflict: either way nothing is written. Readers load a version in one query per table; the app's data key
is one cheap query per run (`heads`). When the database holds no version yet, the bundled data/ becomes version 1."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from kpi.storage import db as D
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshot_tables import (
    copy_observations_in,
    copy_observations_out,
    copy_rows,
    snapshot_files,
    snapshot_observations,
    snapshot_status,
    snapshot_versions,
)
from kpi.storage.snapshots import (
    KEEP_VERSIONS,
    OBSERVATIONS,
    OTHER_FILES,
    Busy,
    NewVersion,
    NoEarlierVersion,
    Snapshot,
    VersionInfo,
    check_parent,
    rollback_base,
    rollback_info,
)

LOCK_SQL = sa.text("SELECT pg_try_advisory_xact_lock(hashtext('council-kpi snapshot:' || current_schema()))")
SEED_LOCK_SQL = sa.text("SELECT pg_advisory_xact_lock(hashtext('council-kpi snapshot:' || current_schema()))")
BUSY = (
    "another refresh, import or rollback is writing the shared snapshot (on this or another replica); "
    "try again when it ends"
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class DbSnapshots:
    """The snapshot's versions as rows of the shared database."""

    backend = "database"

    def __init__(self, database: D.Database, seed_dir: Path):
        self.db = database
        self.engine = database.engine
        self.seed_dir = Path(seed_dir)
        self.seed()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # ------------------------------------------------------------------ reading
    def head(self, conn: sa.Connection | None = None) -> int:
        query = sa.select(sa.func.max(snapshot_versions.c.version_id))
        if conn is not None:
            return int(conn.execute(query).scalar() or 0)
        with self.engine.connect() as c:
            return int(c.execute(query).scalar() or 0)

    def heads(self) -> tuple[int, str, int, int]:
        """(snapshot version, status log stamp, latest upload version, latest version of any action plan) in one
        query: the app's data key, and what the Action plans page is keyed on."""
        query = sa.select(
            sa.select(sa.func.max(snapshot_versions.c.version_id)).scalar_subquery(),
            sa.select(sa.func.max(snapshot_status.c.updated_at)).scalar_subquery(),
            *D.latest_versions(),
        )
        with self.engine.connect() as conn:
            snap, log, upload, plans = conn.execute(query).one()
        return int(snap or 0), str(log or "-"), int(upload or 0), int(plans or 0)

    def key(self) -> str:
        return f"database#{self.head()}"

    def log_key(self) -> str:
        return self.heads()[1]

    def info(self, version_id: int, conn: sa.Connection | None = None) -> VersionInfo:
        query = sa.select(snapshot_versions).where(snapshot_versions.c.version_id == version_id)
        if conn is None:
            with self.engine.connect() as c:
                row = c.execute(query).mappings().first()
        else:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NoEarlierVersion(f"there is no snapshot version {version_id}")
        return VersionInfo.from_dict(row)

    def exists(self, version_id: int) -> bool:
        return self._has_content(version_id)

    def _has_content(self, version_id: int, conn: sa.Connection | None = None) -> bool:
        query = sa.select(sa.func.count()).where(snapshot_files.c.version_id == version_id)
        if conn is not None:
            return bool(conn.execute(query).scalar())
        with self.engine.connect() as c:
            return bool(c.execute(query).scalar())

    def versions(self) -> list[VersionInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(snapshot_versions).order_by(snapshot_versions.c.version_id.desc()))
            return [VersionInfo.from_dict(r) for r in rows.mappings().all()]

    def read(self, version_id: int | None = None) -> Snapshot:
        with self.engine.connect() as conn:
            vid = version_id or self.head(conn)
            info = self.info(vid, conn)
            files = {
                r.name: gzip.decompress(r.content)
                for r in conn.execute(sa.select(snapshot_files).where(snapshot_files.c.version_id == vid))
            }
            frame = copy_observations_out(conn, self._observations_of(conn, vid))
        return Snapshot(info, frame, files)

    def read_log(self) -> dict:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(snapshot_status.c.source_id, snapshot_status.c.entry)).all()
        return {sid: json.loads(entry) for sid, entry in rows}

    def record_log(self, entries: dict[str, dict]) -> None:
        if not entries:
            return
        with self.engine.begin() as conn:
            for sid, entry in entries.items():
                fresh = {"entry": json.dumps(entry, sort_keys=True), "updated_at": _now()}
                stmt = pg_insert(snapshot_status).values(source_id=sid, **fresh)
                conn.execute(stmt.on_conflict_do_update(index_elements=["source_id"], set_=fresh))

    # ------------------------------------------------------------------ writing
    def write(self, new: NewVersion, *, parent: int) -> VersionInfo:
        with self.engine.begin() as conn:
            if not conn.execute(LOCK_SQL).scalar():
                raise Busy(BUSY)
            head = self.head(conn)
            check_parent(head, parent, snapshot="the shared snapshot")
            info = new.info(head + 1, head)
            self._insert(conn, info, source=head, changed=dict(new.files))
            self._prune(conn, info.version_id)
        return info

    def rollback(self, *, who: str, at: str) -> VersionInfo:
        with self.engine.begin() as conn:
            if not conn.execute(LOCK_SQL).scalar():
                raise Busy(BUSY)
            current = self.info(self.head(conn), conn)
            target = self.info(rollback_base(current, lambda vid: self._has_content(vid, conn)), conn)
            info = rollback_info(current.version_id + 1, current, target, who=who, at=at)
            self._insert(conn, info, source=target.version_id, changed={})
            self._prune(conn, info.version_id)
        return info

    def recover(self) -> list[str]:
        return []  # every write is one transaction: nothing is ever left half done

    def seed(self) -> None:
        """Version 1 from the bundled data/ when the database holds none (one replica does it; others wait)."""
        if self.head():
            return
        bundled = FileSnapshots(self.seed_dir)
        with self.engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '120s'"))
            conn.execute(SEED_LOCK_SQL)
            if self.head(conn):
                return
            info = bundled.info(1)
            files = {n: (bundled.root / n).read_bytes() for n in OTHER_FILES if (bundled.root / n).exists()}
            files[OBSERVATIONS] = (bundled.root / OBSERVATIONS).read_bytes()
            self._insert(conn, info, source=0, changed=files)

    def _insert(self, conn: sa.Connection, info: VersionInfo, *, source: int, changed: dict[str, bytes]) -> None:
        vid = info.version_id
        if OBSERVATIONS in changed or not source:
            observations_of = vid
        else:
            observations_of = self._observations_of(conn, source)
        conn.execute(snapshot_versions.insert().values(**info.as_dict(), observations_of=observations_of))
        for name in OTHER_FILES:
            if name in changed:
                raw = changed[name]
                conn.execute(
                    snapshot_files.insert().values(
                        version_id=vid,
                        name=name,
                        content=gzip.compress(raw, mtime=0),
                        sha256=hashlib.sha256(raw).hexdigest(),
                        size=len(raw),
                    )
                )
            elif source:
                copy_rows(conn, snapshot_files, source, vid, snapshot_files.c.name == name)
        if observations_of == vid:
            copy_observations_in(conn, vid, changed[OBSERVATIONS])

    @staticmethod
    def _observations_of(conn: sa.Connection, version_id: int) -> int:
        query = sa.select(snapshot_versions.c.observations_of).where(snapshot_versions.c.version_id == version_id)
        return int(conn.execute(query).scalar())

    def _prune(self, conn: sa.Connection, head: int) -> None:
        """Keep the last KEEP_VERSIONS versions, as the files back end does (and the figures they use)."""
        gone = head - KEEP_VERSIONS
        if gone < 1:
            return
        v = snapshot_versions.c
        conn.execute(snapshot_files.delete().where(snapshot_files.c.version_id <= gone))
        conn.execute(snapshot_versions.delete().where(v.version_id <= gone))
        used = sa.select(v.observations_of)
        conn.execute(snapshot_observations.delete().where(snapshot_observations.c.version_id.not_in(used)))
