"""The writable database: one engine, one schema and one migration list for the officers' repositories.

Every write is one transaction that adds one numbered version; a version holds the complete state of its dataset
(a snapshot), so a rollback is a new version copying an old one and nothing is ever lost. Each version has its
parent: two writers who previewed against the same version cannot both commit (a unique constraint refuses the
second), so nobody overwrites a change they did not see.

URL: KPI_DB_URL (e.g. postgresql+psycopg://user:pass@host/db), default an SQLite file data/local/kpi.sqlite.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from kpi.storage import snapshot_tables
from kpi.storage.paths import DEFAULT_DB
from kpi.storage.sqlite_file import WhileUnchanged

OBSERVATIONS, ACTIONS = "observations", "actions"
GLOBAL_SCOPE = "all"

metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)
versions = sa.Table(
    "versions",
    metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(20), nullable=False),
    sa.Column("scope", sa.String(40), nullable=False),
    sa.Column("parent_version", sa.Integer, nullable=False),  # 0 for the first version of a dataset/scope
    sa.Column("kind", sa.String(20), nullable=False),  # upload, rollback, import, edit
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
    "observations",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), primary_key=True),
    *snapshot_tables.observation_columns(value_nullable=False),  # one declaration of an observation's columns
    sa.Column("origin_version", sa.Integer, nullable=False),  # the upload the figure came from
)
local_metrics = sa.Table(
    "local_metrics",
    metadata,
    sa.Column("metric_id", sa.String(48), primary_key=True),
    sa.Column("title", sa.String(120), nullable=False),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("polarity", sa.String(20), nullable=False),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
)
actions = sa.Table(
    "actions",
    metadata,
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
# One definition of an action plan's columns: the table above, in order (kpi.officers.plans.read reads them here).
ACTION_COLUMNS = [c.name for c in actions.c if c.name not in ("version_id", "position")]


def _migration_1(conn: sa.Connection) -> None:  # the officers' tables
    metadata.create_all(conn, tables=[versions, observations, local_metrics, actions])


def _migration_2(conn: sa.Connection) -> None:
    """The official snapshot's versions (used with PostgreSQL; see kpi/storage/snapshot_db.py)."""
    snapshot_tables.metadata.create_all(conn)


def _migration_3(conn: sa.Connection) -> None:
    """Council-supplied figures take the same column limits as the official snapshot's observations (one
    declaration, kpi.storage.snapshot_tables.observation_columns): metric ids up to 60 characters, notes as text.
    Only widens; SQLite does not enforce lengths, so there is nothing to do there."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("ALTER TABLE observations ALTER COLUMN metric_id TYPE varchar(60), ALTER COLUMN notes TYPE text")
        )


# Applied in order, each in its own transaction, and recorded in schema_version. Append; never edit one.
MIGRATIONS = [(1, _migration_1), (2, _migration_2), (3, _migration_3)]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(RuntimeError):
    """A write that was refused; nothing was written."""


class VersionConflict(StoreError):
    """Someone else wrote a version after the preview this write was based on."""


@dataclass(frozen=True)
class WriteResult:
    version_id: int | None  # None: nothing written (no-op)
    added: int
    changed: int
    message: str


def default_url() -> str:
    return os.environ.get("KPI_DB_URL") or f"sqlite:///{DEFAULT_DB}"


def _stamp(now: dt.datetime | None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"))  # a SQLite file's cannot go stale
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


def latest_versions() -> tuple:
    """The latest upload and the latest version of any plan, as scalar subqueries (any new plan version raises it)."""
    newest = sa.select(sa.func.max(versions.c.version_id))
    uploads = newest.where(versions.c.dataset == OBSERVATIONS, versions.c.scope == GLOBAL_SCOPE).scalar_subquery()
    return uploads, newest.where(versions.c.dataset == ACTIONS).scalar_subquery()


_LATEST = sa.select(*latest_versions())  # built once: every run of every page asks it


class Database:
    """The engine and schema shared by the figures and plans repositories (kpi.storage.figures, kpi.storage.plans)."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self.latest = WhileUnchanged(self.url, self._latest)  # asked again only if a SQLite file has been written

    def dispose(self) -> None:
        self.engine.dispose()

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)

    def head(self, dataset: str, scope: str, conn: sa.Connection | None = None) -> int:
        """The latest version number of a dataset (0 if none): the cheap query the app's cache is keyed on."""
        v = versions.c
        query = sa.select(sa.func.max(v.version_id)).where(v.dataset == dataset, v.scope == scope)
        with self.engine.connect() if conn is None else nullcontext(conn) as c:
            return int(c.execute(query).scalar() or 0)

    def _latest(self) -> tuple[int, int]:
        """(latest upload, latest version of any plan) in one query: what the app's runs are keyed on (0: none)."""
        with self.engine.connect() as conn:
            uploads, plans = conn.execute(_LATEST).one()
        return int(uploads or 0), int(plans or 0)

    def versions(self, dataset: str, scope: str) -> pd.DataFrame:
        query = (
            sa.select(versions)
            .where(versions.c.dataset == dataset, versions.c.scope == scope)
            .order_by(versions.c.version_id.desc())
        )
        with self.engine.connect() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in versions.c])

    def new_version(
        self,
        conn: sa.Connection,
        *,
        dataset: str,
        scope: str,
        parent: int,
        kind: str,
        who: str,
        now: dt.datetime | None,
        **fields,
    ) -> int:
        current = self.head(dataset, scope, conn=conn)
        if current != parent:
            raise VersionConflict(
                f"the data changed since your preview (now version {current}, you saw version "
                f"{parent}); review the preview again"
            )
        try:
            result = conn.execute(
                versions.insert().values(
                    dataset=dataset,
                    scope=scope,
                    parent_version=parent,
                    kind=kind,
                    created_at=_stamp(now),
                    created_by=who[:200],
                    **fields,
                )
            )
        except IntegrityError as exc:
            raise VersionConflict("someone else saved a version at the same moment; review the preview again") from exc
        return int(result.inserted_primary_key[0])
