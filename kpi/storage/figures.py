"""Council-supplied figures: each upload or rollback is one new version holding the complete set (a snapshot).

A rollback is a new version copying an old one, so nothing is ever lost; two officers who previewed against the same
version cannot both save (kpi.storage.db refuses the second). The figures carry the source id "upload:<version>".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from kpi.core import schema as S
from kpi.core.provenance import upload_source
from kpi.storage.changes import ADD, CHANGE, CHANGED, changed_areas, compare, merged_rows
from kpi.storage.db import (
    GLOBAL_SCOPE,
    OBSERVATIONS,
    Database,
    StoreError,
    VersionConflict,
    WriteResult,
    local_metrics,
    observations,
    versions,
)


class FigureStore:
    """The council-supplied figures in the shared database."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine

    @classmethod
    def open(cls, url: str | None = None) -> FigureStore:
        """A repository with a database of its own (the command line and tests; the app shares one)."""
        return cls(Database(url))

    def dispose(self) -> None:
        self.db.dispose()

    def head(self, conn: sa.Connection | None = None) -> int:
        """The latest version (0 if none): the cheap query the app's cache is keyed on."""
        return self.db.head(OBSERVATIONS, GLOBAL_SCOPE, conn=conn)

    def versions(self) -> pd.DataFrame:
        return self.db.versions(OBSERVATIONS, GLOBAL_SCOPE)

    def observations_at(self, version_id: int) -> pd.DataFrame:
        """The council-supplied observations as they stood at a version, in the schema (source_id upload:N)."""
        with self.engine.connect() as conn:
            return self._observations_at(conn, version_id)

    def _observations_at(self, conn: sa.Connection, version_id: int) -> pd.DataFrame:
        rows = (
            conn.execute(
                sa.select(observations)
                .where(observations.c.version_id == version_id)
                .order_by(observations.c.area_code, observations.c.metric_id, observations.c.period)
            )
            .mappings()
            .all()
        )
        frame = pd.DataFrame(rows, columns=[c.name for c in observations.c])
        frame[S.SOURCE_ID] = frame["origin_version"].map(upload_source) if len(frame) else pd.Series(dtype=str)
        frame[S.STATUS] = S.FINAL
        out = S.coerce(frame)
        out["origin_version"] = frame["origin_version"].astype("int64").to_numpy() if len(frame) else []
        return out

    def current_observations(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return self._observations_at(conn, self.head(conn=conn))

    def local_metrics(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(local_metrics).order_by(local_metrics.c.metric_id)).mappings().all()
        return [dict(r) for r in rows]

    def preview(self, rows: pd.DataFrame, current: pd.DataFrame | None = None) -> pd.DataFrame:
        """Each row of a parsed upload marked add / change / unchanged against the current version (`current`: its
        observations, if the caller holds them already)."""
        return compare(self.current_observations() if current is None else current, rows)

    # ------------------------------------------------------------------ writing
    def write_upload(
        self,
        rows: pd.DataFrame,
        *,
        who: str,
        file_name: str,
        sha256: str,
        new_metrics: dict[str, dict] | None = None,
        expected_head: int | None = None,
        now: dt.datetime | None = None,
    ) -> WriteResult:
        """Merge a clean upload into the current figures as one new version, or do nothing if nothing changes."""
        if rows.empty:
            raise StoreError("an upload with no rows cannot be saved")
        with self.engine.begin() as conn:
            parent = self.head(conn=conn)
            _check_seen(
                parent,
                expected_head,
                "the data changed since your preview (now version {now}, you saw "
                "version {seen}); review the preview again",
            )
            current = self._observations_at(conn, parent)
            marked = compare(current, rows)
            added, changed = int((marked[CHANGE] == ADD).sum()), int((marked[CHANGE] == CHANGED).sum())
            if added == 0 and changed == 0:
                return _nothing_to_save(conn, sha256, parent)
            version_id = self._new_version(
                conn,
                parent,
                "upload",
                who,
                now,
                file_name=file_name[:300],
                sha256=sha256,
                rows_added=added,
                rows_changed=changed,
            )
            _declare_metrics(conn, version_id, new_metrics or {})
            _finish(conn, version_id, merged_rows(current, marked, version_id))
        return WriteResult(
            version_id, added, changed, f"Saved as version {version_id}: {added} row(s) added, {changed} changed."
        )

    def rollback(
        self,
        to_version: int,
        *,
        who: str,
        writable: frozenset[str] | None = None,
        expected_head: int | None = None,
        now: dt.datetime | None = None,
    ) -> WriteResult:
        """A new version whose figures are those of `to_version`. Refused if it would change councils the
        officer may not write for."""
        with self.engine.begin() as conn:
            found = conn.execute(
                sa.select(versions.c.version_id).where(
                    versions.c.version_id == to_version, versions.c.dataset == OBSERVATIONS
                )
            ).scalar()
            if found is None:
                raise StoreError(f"there is no upload version {to_version}")
            parent = self.head(conn=conn)
            _check_seen(parent, expected_head, "the data changed (now version {now}); review the history again")
            if to_version == parent:
                return WriteResult(None, 0, 0, f"Version {to_version} is already the current version.")
            old = self._observations_at(conn, to_version)
            touched = changed_areas(old, self._observations_at(conn, parent))
            if writable is not None and not touched <= writable:
                raise StoreError(
                    "this rollback would change figures of councils you may not write for: "
                    + ", ".join(sorted(touched - writable))
                )
            version_id = self._new_version(
                conn, parent, "rollback", who, now, restores_version=to_version, note=f"restores version {to_version}"
            )
            _finish(conn, version_id, old)
        return WriteResult(
            version_id,
            0,
            0,
            f"Saved as version {version_id}: the figures of version {to_version} "
            "are current again. Nothing was deleted; every version stays listed.",
        )

    def recode(self, old: str, new: str, *, who: str, now: dt.datetime | None = None) -> WriteResult:
        """A new version with a council's figures moved from its old code to its new one (a provisional code ONS
        has replaced), each still from the upload it came from; nothing is written if no figure has the old code."""
        with self.engine.begin() as conn:
            parent = self.head(conn=conn)
            rows = self._observations_at(conn, parent)
            moving = rows[S.AREA_CODE] == old
            if not moving.any():
                return WriteResult(None, 0, 0, f"No council-supplied figures have the code {old}: nothing to move.")
            if (rows[S.AREA_CODE] == new).any():
                raise StoreError(f"council-supplied figures have the code {new} already; nothing was moved")
            n = int(moving.sum())
            version_id = self._new_version(conn, parent, "recode", who, now, rows_changed=n, note=f"{old} -> {new}")
            _finish(conn, version_id, rows.assign(**{S.AREA_CODE: rows[S.AREA_CODE].where(~moving, new)}))
        return WriteResult(version_id, 0, n, f"Saved as version {version_id}: {n} figure(s) moved from {old} to {new}.")

    def _new_version(self, conn: sa.Connection, parent: int, kind: str, who: str, now, **audit) -> int:
        return self.db.new_version(
            conn, dataset=OBSERVATIONS, scope=GLOBAL_SCOPE, parent=parent, kind=kind, who=who, now=now, **audit
        )


def _check_seen(parent: int, seen: int | None, message: str) -> None:
    """Refuse a write based on a version other than the latest (someone saved since the officer looked)."""
    if seen is not None and seen != parent:
        raise VersionConflict(message.format(now=parent, seen=seen))


def _nothing_to_save(conn: sa.Connection, sha256: str, parent: int) -> WriteResult:
    same_file = conn.execute(
        sa.select(versions.c.version_id)
        .where(versions.c.dataset == OBSERVATIONS, versions.c.sha256 == sha256)
        .order_by(versions.c.version_id.desc())
    ).scalar()
    seen = f" (the same file was uploaded as version {same_file})" if same_file else ""
    return WriteResult(
        None, 0, 0, f"Nothing to save: every figure in this file is already stored in version {parent}{seen}."
    )


def _declare_metrics(conn: sa.Connection, version_id: int, new_metrics: dict[str, dict]) -> None:
    """Local measures declared in this upload, each stored once (the first declaration stands)."""
    for metric in new_metrics.values():
        exists = conn.execute(
            sa.select(local_metrics.c.metric_id).where(local_metrics.c.metric_id == metric["metric_id"])
        ).scalar()
        if not exists:
            fields = {k: metric[k] for k in ("metric_id", "title", "unit", "polarity")}
            conn.execute(local_metrics.insert().values(version_id=version_id, **fields))


def _finish(conn: sa.Connection, version_id: int, snapshot: pd.DataFrame) -> None:
    total = _insert_snapshot(conn, version_id, snapshot)
    conn.execute(versions.update().where(versions.c.version_id == version_id).values(rows_total=total))


def _insert_snapshot(conn: sa.Connection, version_id: int, snapshot: pd.DataFrame) -> int:
    columns = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE, S.UNIT, S.NOTES, "origin_version"]
    records = [
        {
            "version_id": version_id,
            **r,
            S.VALUE: float(r[S.VALUE]),
            S.NOTES: r[S.NOTES] or "",
            "origin_version": int(r["origin_version"]),
        }
        for r in snapshot[columns].to_dict("records")
    ]
    if records:
        conn.execute(observations.insert(), records)
    return len(records)
