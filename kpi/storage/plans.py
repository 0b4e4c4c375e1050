"""Action plans: each import, edit or restore of a council's plan is one new dated version of the whole plan."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from kpi.storage.db import (
    ACTION_COLUMNS,
    ACTIONS,
    Database,
    StoreError,
    VersionConflict,
    WriteResult,
    actions,
    versions,
)


class PlanStore:
    """Every council's action plan (the scope of a version is the council's GSS code)."""

    def __init__(self, db: Database):
        self.db = db
        self.engine = db.engine

    @classmethod
    def open(cls, url: str | None = None) -> PlanStore:
        """A repository with a database of its own (the command line and tests; the app shares one)."""
        return cls(Database(url))

    def dispose(self) -> None:
        self.db.dispose()

    def head(self, scope: str, conn: sa.Connection | None = None) -> int:
        return self.db.head(ACTIONS, scope, conn=conn)

    def versions(self, scope: str) -> pd.DataFrame:
        return self.db.versions(ACTIONS, scope)

    def current_actions(self, scope: str) -> pd.DataFrame:
        return self.actions_at(self.head(scope))

    def heads(self) -> dict[str, tuple[int, int]]:
        """Every council with a plan: its latest version and how many versions it has (one query; a council without
        a plan is not listed)."""
        v = versions.c
        query = sa.select(v.scope, sa.func.max(v.version_id), sa.func.count()).where(v.dataset == ACTIONS)
        with self.engine.connect() as conn:
            return {scope: (int(head), int(n)) for scope, head, n in conn.execute(query.group_by(v.scope))}

    def actions_at(self, version_id: int, conn: sa.Connection | None = None) -> pd.DataFrame:
        if conn is None:
            with self.engine.connect() as c:
                return self.actions_at(version_id, c)
        query = sa.select(*(actions.c[c] for c in ACTION_COLUMNS)).where(actions.c.version_id == version_id)
        return actions_frame(conn.execute(query.order_by(actions.c.position)).all())

    def write_actions(
        self,
        scope: str,
        frame: pd.DataFrame,
        *,
        who: str,
        kind: str,
        file_name: str = "",
        sha256: str = "",
        expected_head: int | None = None,
        now: dt.datetime | None = None,
        restores_version: int | None = None,
    ) -> WriteResult:
        """A new dated snapshot of one council's action plan (an import or an edit), or nothing if unchanged."""
        frame = frame[ACTION_COLUMNS].fillna("").astype(str)
        with self.engine.begin() as conn:
            parent = self.head(scope, conn=conn)
            if expected_head is not None and expected_head != parent:
                raise VersionConflict(
                    f"the action plan changed since you opened it (now version {parent}); "
                    "reload and make your change again"
                )
            current = self.actions_at(parent, conn) if parent else pd.DataFrame(columns=ACTION_COLUMNS)
            cur = current.fillna("").astype(str).reset_index(drop=True)
            new = frame.fillna("").astype(str).reset_index(drop=True)
            if parent and cur.equals(new):
                return WriteResult(None, 0, 0, f"Nothing to save: the action plan is the same as version {parent}.")
            changed = _changed_action_rows(cur, new)
            version_id = self.db.new_version(
                conn,
                dataset=ACTIONS,
                scope=scope,
                parent=parent,
                kind=kind,
                who=who,
                now=now,
                file_name=file_name[:300],
                sha256=sha256,
                rows_added=max(len(new) - len(cur), 0),
                rows_changed=changed,
                rows_total=len(new),
                restores_version=restores_version,
                note=f"restores version {restores_version}" if restores_version else "",
            )
            _insert(conn, version_id, frame)
        return WriteResult(
            version_id,
            max(len(new) - len(cur), 0),
            changed,
            f"Saved as version {version_id} of the action plan ({len(new)} actions).",
        )

    def rollback_actions(
        self, scope: str, to_version: int, *, who: str, expected_head: int | None = None, now: dt.datetime | None = None
    ) -> WriteResult:
        """A new version of a council's plan holding the actions of an earlier version; nothing is deleted."""
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(versions.c.version_id).where(
                    versions.c.version_id == to_version, versions.c.dataset == ACTIONS, versions.c.scope == scope
                )
            ).scalar()
        if not found:
            raise StoreError(f"there is no version {to_version} of this action plan")
        result = self.write_actions(
            scope,
            self.actions_at(to_version),
            who=who,
            kind="rollback",
            expected_head=expected_head,
            now=now,
            restores_version=to_version,
        )
        if result.version_id is None:
            return result
        return WriteResult(
            result.version_id,
            result.added,
            result.changed,
            f"Saved as version {result.version_id}: the plan as it was in version {to_version}.",
        )

    def recode(self, old: str, new: str, *, who: str, now: dt.datetime | None = None) -> WriteResult:
        """Every version of a council's plan under its old code (a provisional code ONS has replaced) saved again, in
        order, as versions under its new code, each noting where it came from; the old versions stay as they were."""
        history = self.db.versions(ACTIONS, old).sort_values("version_id")
        moved = self.db.versions(ACTIONS, new)
        if history.empty or (moved["kind"] == "recode").any():
            return WriteResult(None, 0, 0, f"No action plan to move from {old} (none, or moved already).")
        if len(moved):
            raise StoreError(f"{new} has an action plan already; nothing was moved")
        with self.engine.begin() as conn:
            parent = 0
            for rec in history.to_dict("records"):
                frame = self.actions_at(int(rec["version_id"]), conn)
                note = f"version {rec['version_id']} of {old}, by {rec['created_by']} on {str(rec['created_at'])[:10]}"
                parent = self.db.new_version(
                    conn,
                    dataset=ACTIONS,
                    scope=new,
                    parent=parent,
                    kind="recode",
                    who=who,
                    now=now,
                    rows_total=len(frame),
                    note=note[:500],
                )
                _insert(conn, parent, frame)
        return WriteResult(parent, 0, 0, f"The action plan's {len(history)} version(s) moved from {old} to {new}.")

    def action_history(self, scope: str) -> pd.DataFrame:
        """Status counts for every saved version of a council's plan: progress over time."""
        query = (
            sa.select(versions.c.version_id, versions.c.created_at, actions.c.status, sa.func.count().label("actions"))
            .join(actions, actions.c.version_id == versions.c.version_id)
            .where(versions.c.dataset == ACTIONS, versions.c.scope == scope)
            .group_by(versions.c.version_id, versions.c.created_at, actions.c.status)
            .order_by(versions.c.version_id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return pd.DataFrame(rows, columns=["version_id", "created_at", "status", "actions"])


def _insert(conn: sa.Connection, version_id: int, frame: pd.DataFrame) -> None:
    records = [
        {"version_id": version_id, "position": i, **rec, "due_date": rec["due_date"] or None}
        for i, rec in enumerate(frame[ACTION_COLUMNS].to_dict("records"))
    ]
    if records:
        conn.execute(actions.insert(), records)


def _changed_action_rows(cur: pd.DataFrame, new: pd.DataFrame) -> int:
    n = min(len(cur), len(new))
    if n == 0:
        return 0
    return int((cur.iloc[:n].to_numpy() != new.iloc[:n].to_numpy()).any(axis=1).sum())


def actions_frame(rows: list) -> pd.DataFrame:
    """A plan's rows as text columns, built as text: no due date is "" as in a parsed plan (no rows: no actions)."""
    columns = zip(*rows) if rows else ((),) * len(ACTION_COLUMNS)
    return pd.DataFrame(
        {
            c: pd.array(["" if v is None else str(v) for v in values], dtype="str")
            for c, values in zip(ACTION_COLUMNS, columns)
        }
    )
