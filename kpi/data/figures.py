"""Council-supplied figures: each upload or rollback is one new version holding the complete set (a snapshot).

A rollback is a new version copying an old one, so nothing is ever lost; two officers who previewed against the same
version cannot both save (kpi.data.db refuses the second). The figures carry the source id "upload:<version>".
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from kpi.core import schema as S
from kpi.core.provenance import upload_source
from kpi.data.db import (GLOBAL_SCOPE, OBSERVATIONS, Database, StaleError, StoreError, WriteResult, local_metrics,
                         observations, versions)

CHANGE = "change"
ADD, CHANGED, SAME = "add", "change", "unchanged"


def compare(current: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Each incoming row marked add / change / unchanged against the stored council-supplied rows."""
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD]
    cur = current[[*key, S.VALUE, S.NOTES]].rename(columns={S.VALUE: "stored_value", S.NOTES: "stored_notes"})
    out = incoming.merge(cur, on=key, how="left")
    same_value = (out[S.VALUE] - out["stored_value"]).abs() <= 1e-9 * out[S.VALUE].abs().clip(lower=1)
    same_notes = out[S.NOTES].fillna("") == out["stored_notes"].fillna("")
    out[CHANGE] = [ADD if pd.isna(s) else SAME if (v and n) else CHANGED
                   for s, v, n in zip(out["stored_value"], same_value, same_notes)]
    return out


class FigureStore:
    """The council-supplied figures in the shared database."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine

    @classmethod
    def open(cls, url: str | None = None) -> "FigureStore":
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
        rows = conn.execute(sa.select(observations).where(observations.c.version_id == version_id)
                            .order_by(observations.c.area_code, observations.c.metric_id, observations.c.period)
                            ).mappings().all()
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

    def preview(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Each row of a parsed upload marked add / change / unchanged against the current version."""
        return compare(self.current_observations(), rows)

    # ------------------------------------------------------------------ writing observations
    # ------------------------------------------------------------------ writing
    def write_upload(self, rows: pd.DataFrame, *, who: str, file_name: str, sha256: str,
                     new_metrics: dict[str, dict] | None = None, expected_head: int | None = None,
                     now: dt.datetime | None = None) -> WriteResult:
        """Merge a clean upload into the current figures as one new version, or do nothing if nothing changes."""
        if rows.empty:
            raise StoreError("an upload with no rows cannot be saved")
        with self.engine.begin() as conn:
            parent = self.head(conn=conn)
            if expected_head is not None and expected_head != parent:
                raise StaleError(f"the data changed since your preview (now version {parent}, you saw version "
                                 f"{expected_head}); review the preview again")
            current = self._observations_at(conn, parent)
            marked = compare(current, rows)
            added, changed = int((marked[CHANGE] == ADD).sum()), int((marked[CHANGE] == CHANGED).sum())
            if added == 0 and changed == 0:
                same_file = conn.execute(sa.select(versions.c.version_id).where(
                    versions.c.dataset == OBSERVATIONS, versions.c.sha256 == sha256)
                    .order_by(versions.c.version_id.desc())).scalar()
                seen = f" (the same file was uploaded as version {same_file})" if same_file else ""
                return WriteResult(None, 0, 0, f"Nothing to save: every figure in this file is already stored in "
                                               f"version {parent}{seen}.")
            version_id = self.db.new_version(conn, dataset=OBSERVATIONS, scope=GLOBAL_SCOPE, parent=parent,
                                           kind="upload", who=who, now=now, file_name=file_name[:300],
                                           sha256=sha256, rows_added=added, rows_changed=changed)
            key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD]
            incoming = marked[marked[CHANGE] != "unchanged"].assign(origin_version=version_id)
            kept = current.merge(incoming[key], on=key, how="left", indicator=True)
            kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
            snapshot = pd.concat([kept, incoming], ignore_index=True)
            for metric in (new_metrics or {}).values():
                exists = conn.execute(sa.select(local_metrics.c.metric_id).where(
                    local_metrics.c.metric_id == metric["metric_id"])).scalar()
                if not exists:
                    conn.execute(local_metrics.insert().values(version_id=version_id, **{
                        k: metric[k] for k in ("metric_id", "title", "unit", "polarity")}))
            total = _insert_snapshot(conn, version_id, snapshot)
            conn.execute(versions.update().where(versions.c.version_id == version_id).values(rows_total=total))
        return WriteResult(version_id, added, changed,
                           f"Saved as version {version_id}: {added} row(s) added, {changed} changed.")

    def rollback(self, to_version: int, *, who: str, writable: frozenset[str] | None = None,
                 expected_head: int | None = None, now: dt.datetime | None = None) -> WriteResult:
        """A new version whose figures are those of `to_version`. Refused if it would change councils the
        officer may not write for."""
        with self.engine.begin() as conn:
            target = conn.execute(sa.select(versions).where(versions.c.version_id == to_version,
                                                            versions.c.dataset == OBSERVATIONS)).mappings().first()
            if target is None:
                raise StoreError(f"there is no upload version {to_version}")
            parent = self.head(conn=conn)
            if expected_head is not None and expected_head != parent:
                raise StaleError(f"the data changed (now version {parent}); review the history again")
            if to_version == parent:
                return WriteResult(None, 0, 0, f"Version {to_version} is already the current version.")
            old, now_rows = self._observations_at(conn, to_version), self._observations_at(conn, parent)
            touched = _changed_areas(old, now_rows)
            if writable is not None and not touched <= writable:
                raise StoreError("this rollback would change figures of councils you may not write for: "
                                 + ", ".join(sorted(touched - writable)))
            version_id = self.db.new_version(conn, dataset=OBSERVATIONS, scope=GLOBAL_SCOPE, parent=parent,
                                           kind="rollback", who=who, now=now, restores_version=to_version,
                                           note=f"restores version {to_version}")
            total = _insert_snapshot(conn, version_id, old)
            conn.execute(versions.update().where(versions.c.version_id == version_id).values(rows_total=total))
        return WriteResult(version_id, 0, 0, f"Saved as version {version_id}: the figures of version {to_version} "
                                             "are current again. Nothing was deleted; every version stays listed.")


def _insert_snapshot(conn: sa.Connection, version_id: int, snapshot: pd.DataFrame) -> int:
    records = [{"version_id": version_id, "area_code": r[S.AREA_CODE], "metric_id": r[S.METRIC_ID],
                "period": r[S.PERIOD], "value": float(r[S.VALUE]), "unit": r[S.UNIT], "notes": r[S.NOTES] or "",
                "origin_version": int(r["origin_version"])} for r in snapshot.to_dict("records")]
    if records:
        conn.execute(observations.insert(), records)
    return len(records)


def _changed_areas(a: pd.DataFrame, b: pd.DataFrame) -> set[str]:
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE, S.NOTES]
    merged = a[key].merge(b[key], how="outer", indicator=True)
    return set(merged.loc[merged["_merge"] != "both", S.AREA_CODE])


def merged_store(base, figures: FigureStore, head: int | None = None):
    """The bundled store with the council-supplied figures of version `head` (default: the latest) merged in."""
    head = figures.head() if head is None else head
    if not head:
        return base
    rows = figures.observations_at(head).drop(columns="origin_version")
    return base.with_council_supplied(rows, figures.local_metrics(), uploads=figures.versions(), version=head)
