"""The writable store: council-supplied figures and action plans, versioned, in SQLite or PostgreSQL.

Every write is one transaction that adds one numbered version; a version holds the complete state of its dataset
(a snapshot), so a rollback is a new version copying an old one and nothing is ever lost. Each version has its
parent: two writers who previewed against the same version cannot both commit (a unique constraint refuses the
second), so nobody overwrites a change they did not see.

URL: KPI_DB_URL (e.g. postgresql+psycopg://user:pass@host/db), default an SQLite file data/local/kpi.sqlite.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from kpi.core import schema as S
from kpi.officers.uploads import ADD, CHANGE, CHANGED, compare, upload_source

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "local" / "kpi.sqlite"
OBSERVATIONS, ACTIONS = "observations", "actions"
GLOBAL_SCOPE = "all"

metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)
versions = sa.Table(
    "versions", metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(20), nullable=False),
    sa.Column("scope", sa.String(40), nullable=False),
    sa.Column("parent_version", sa.Integer, nullable=False),     # 0 for the first version of a dataset/scope
    sa.Column("kind", sa.String(20), nullable=False),             # upload, rollback, import, edit
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(300), nullable=False, server_default=""),
    sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
    sa.Column("rows_added", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_changed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("restores_version", sa.Integer, nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.UniqueConstraint("dataset", "scope", "parent_version", name="one_child_per_version"),
)
sa.Index("versions_dataset_scope", versions.c.dataset, versions.c.scope, versions.c.version_id)
observations = sa.Table(
    "observations", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), primary_key=True),
    sa.Column("area_code", sa.String(9), primary_key=True),
    sa.Column("metric_id", sa.String(48), primary_key=True),
    sa.Column("period", sa.String(7), primary_key=True),
    sa.Column("value", sa.Float(precision=53), nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("notes", sa.String(500), nullable=False, server_default=""),
    sa.Column("origin_version", sa.Integer, nullable=False),      # the upload the figure came from
)
local_metrics = sa.Table(
    "local_metrics", metadata,
    sa.Column("metric_id", sa.String(48), primary_key=True),
    sa.Column("title", sa.String(120), nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("polarity", sa.String(20), nullable=False),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
)
actions = sa.Table(
    "actions", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("ref", sa.String(40), nullable=False, server_default=""),
    sa.Column("recommendation", sa.Text, nullable=False, server_default=""),
    sa.Column("action", sa.Text, nullable=False, server_default=""),
    sa.Column("deadline_text", sa.String(200), nullable=False, server_default=""),
    sa.Column("due_date", sa.String(10), nullable=True),
    sa.Column("status_text", sa.String(200), nullable=False, server_default=""),
    sa.Column("status", sa.String(40), nullable=False, server_default=""),
    sa.Column("metric_ids", sa.String(300), nullable=False, server_default=""),
)
ACTION_COLUMNS = ["ref", "recommendation", "action", "deadline_text", "due_date", "status_text", "status",
                  "metric_ids"]


def _migration_1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[versions, observations, local_metrics, actions])


# Applied in order, each in its own transaction, and recorded in schema_version. Append; never edit one.
MIGRATIONS = [(1, _migration_1)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(RuntimeError):
    """A write that was refused; nothing was written."""


class StaleError(StoreError):
    """Someone else wrote a version after the preview this write was based on."""


@dataclass(frozen=True)
class WriteResult:
    version_id: int | None     # None: nothing written (no-op)
    added: int
    changed: int
    message: str


def default_url() -> str:
    return os.environ.get("KPI_DB_URL") or f"sqlite:///{DEFAULT_DB}"


def _stamp(now: dt.datetime | None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # foreign keys on; wait for a writer instead of failing
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()
    return engine


def migrate(engine: sa.Engine) -> int:
    """Create or upgrade the schema; returns the schema version now recorded."""
    with engine.begin() as conn:
        schema_version.create(conn, checkfirst=True)
    with engine.begin() as conn:
        done = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
    for number, step in MIGRATIONS:
        if number > done:
            with engine.begin() as conn:
                step(conn)
                conn.execute(schema_version.insert().values(version=number, applied_at=_stamp(None)))
    return SCHEMA_VERSION


class UserStore:
    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ reading
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)

    def head(self, dataset: str = OBSERVATIONS, scope: str = GLOBAL_SCOPE, conn: sa.Connection | None = None) -> int:
        """The latest version number of a dataset (0 if none): the cheap query the app's cache is keyed on."""
        query = sa.select(sa.func.max(versions.c.version_id)).where(versions.c.dataset == dataset,
                                                                    versions.c.scope == scope)
        if conn is not None:
            return int(conn.execute(query).scalar() or 0)
        with self.engine.connect() as c:
            return int(c.execute(query).scalar() or 0)

    def versions(self, dataset: str = OBSERVATIONS, scope: str = GLOBAL_SCOPE) -> pd.DataFrame:
        query = (sa.select(versions).where(versions.c.dataset == dataset, versions.c.scope == scope)
                 .order_by(versions.c.version_id.desc()))
        with self.engine.connect() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in versions.c])

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
    def _new_version(self, conn: sa.Connection, *, dataset: str, scope: str, parent: int, kind: str, who: str,
                     now: dt.datetime | None, **fields) -> int:
        current = self.head(dataset, scope, conn=conn)
        if current != parent:
            raise StaleError(f"the data changed since your preview (now version {current}, you saw version "
                             f"{parent}); review the preview again")
        try:
            result = conn.execute(versions.insert().values(
                dataset=dataset, scope=scope, parent_version=parent, kind=kind, created_at=_stamp(now),
                created_by=who[:200], **fields))
        except IntegrityError as exc:
            raise StaleError("someone else saved a version at the same moment; review the preview again") from exc
        return int(result.inserted_primary_key[0])

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
            version_id = self._new_version(conn, dataset=OBSERVATIONS, scope=GLOBAL_SCOPE, parent=parent,
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
            version_id = self._new_version(conn, dataset=OBSERVATIONS, scope=GLOBAL_SCOPE, parent=parent,
                                           kind="rollback", who=who, now=now, restores_version=to_version,
                                           note=f"restores version {to_version}")
            total = _insert_snapshot(conn, version_id, old)
            conn.execute(versions.update().where(versions.c.version_id == version_id).values(rows_total=total))
        return WriteResult(version_id, 0, 0, f"Saved as version {version_id}: the figures of version {to_version} "
                                             "are current again. Nothing was deleted; every version stays listed.")

    # ------------------------------------------------------------------ action plans
    def current_actions(self, scope: str) -> pd.DataFrame:
        return self.actions_at(self.head(ACTIONS, scope))

    def actions_at(self, version_id: int, conn: sa.Connection | None = None) -> pd.DataFrame:
        if conn is None:
            with self.engine.connect() as c:
                return self.actions_at(version_id, c)
        rows = conn.execute(sa.select(actions).where(actions.c.version_id == version_id)
                            .order_by(actions.c.position)).mappings().all()
        frame = pd.DataFrame(rows, columns=[c.name for c in actions.c])[ACTION_COLUMNS]
        return frame.fillna("").astype(str).reset_index(drop=True)     # no due date: "" as in a parsed plan

    def write_actions(self, scope: str, frame: pd.DataFrame, *, who: str, kind: str, file_name: str = "",
                      sha256: str = "", expected_head: int | None = None, now: dt.datetime | None = None,
                      restores_version: int | None = None) -> WriteResult:
        """A new dated snapshot of one council's action plan (an import or an edit), or nothing if unchanged."""
        frame = frame[ACTION_COLUMNS].fillna("").astype(str)
        with self.engine.begin() as conn:
            parent = self.head(ACTIONS, scope, conn=conn)
            if expected_head is not None and expected_head != parent:
                raise StaleError(f"the action plan changed since you opened it (now version {parent}); "
                                 "reload and make your change again")
            current = self.actions_at(parent, conn) if parent else pd.DataFrame(columns=ACTION_COLUMNS)
            cur = current.fillna("").astype(str).reset_index(drop=True)
            new = frame.fillna("").astype(str).reset_index(drop=True)
            if parent and cur.equals(new):
                return WriteResult(None, 0, 0, f"Nothing to save: the action plan is the same as version {parent}.")
            changed = _changed_action_rows(cur, new)
            version_id = self._new_version(conn, dataset=ACTIONS, scope=scope, parent=parent, kind=kind, who=who,
                                           now=now, file_name=file_name[:300], sha256=sha256,
                                           rows_added=max(len(new) - len(cur), 0), rows_changed=changed,
                                           rows_total=len(new), restores_version=restores_version,
                                           note=f"restores version {restores_version}" if restores_version else "")
            records = [{"version_id": version_id, "position": i, **rec, "due_date": rec["due_date"] or None}
                       for i, rec in enumerate(frame.to_dict("records"))]
            if records:
                conn.execute(actions.insert(), records)
        return WriteResult(version_id, max(len(new) - len(cur), 0), changed,
                           f"Saved as version {version_id} of the action plan ({len(new)} actions).")

    def rollback_actions(self, scope: str, to_version: int, *, who: str, expected_head: int | None = None,
                         now: dt.datetime | None = None) -> WriteResult:
        """A new version of a council's plan holding the actions of an earlier version; nothing is deleted."""
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(versions.c.version_id).where(
                versions.c.version_id == to_version, versions.c.dataset == ACTIONS, versions.c.scope == scope)).scalar()
        if not found:
            raise StoreError(f"there is no version {to_version} of this action plan")
        result = self.write_actions(scope, self.actions_at(to_version), who=who, kind="rollback",
                                    expected_head=expected_head, now=now, restores_version=to_version)
        if result.version_id is None:
            return result
        return WriteResult(result.version_id, result.added, result.changed,
                           f"Saved as version {result.version_id}: the plan as it was in version {to_version}.")

    def action_history(self, scope: str) -> pd.DataFrame:
        """Status counts for every saved version of a council's plan: progress over time."""
        query = (sa.select(versions.c.version_id, versions.c.created_at, actions.c.status,
                           sa.func.count().label("actions"))
                 .join(actions, actions.c.version_id == versions.c.version_id)
                 .where(versions.c.dataset == ACTIONS, versions.c.scope == scope)
                 .group_by(versions.c.version_id, versions.c.created_at, actions.c.status)
                 .order_by(versions.c.version_id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return pd.DataFrame(rows, columns=["version_id", "created_at", "status", "actions"])


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


def _changed_action_rows(cur: pd.DataFrame, new: pd.DataFrame) -> int:
    n = min(len(cur), len(new))
    if n == 0:
        return 0
    return int((cur.iloc[:n].to_numpy() != new.iloc[:n].to_numpy()).any(axis=1).sum())


def merged_store(base, userstore: UserStore, head: int | None = None):
    """The bundled store with the council-supplied figures of version `head` (default: the latest) merged in."""
    head = userstore.head() if head is None else head
    if not head:
        return base
    rows = userstore.observations_at(head).drop(columns="origin_version")
    return base.with_council_supplied(rows, userstore.local_metrics(), uploads=userstore.versions(), version=head)
