"""The latest versions every run is keyed on are asked of a SQLite file again only when its header says it has been
written since (kpi.storage.sqlite_file): real files, real writes, counted reads."""

from __future__ import annotations

import sqlite3

from kpi.storage.db import Database
from kpi.storage.plans import PlanStore, actions_frame
from kpi.storage.sqlite_file import WhileUnchanged, change_counter, sqlite_path

# One action, in the store's column order (kpi.storage.db.ACTION_COLUMNS).
PLAN = actions_frame([("1", "EXAMPLE recommendation", "EXAMPLE act", "2026", "2026-12-31", "Ongoing", "Ongoing", "")])


def test_the_counter_moves_with_every_write_and_says_nothing_it_cannot_know(tmp_path):
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    path = sqlite_path(url)
    Database(url).dispose()
    before = change_counter(path)
    plans = PlanStore.open(url)
    plans.write_actions("E09000002", PLAN, who="officer", kind="import")
    after_one = change_counter(path)
    plans.write_actions("E09000002", PLAN.assign(status="Completed"), who="officer", kind="edit")
    assert before is not None and before < after_one < change_counter(path)
    plans.dispose()
    (tmp_path / "notes.txt").write_text("not a database")
    assert change_counter(str(tmp_path / "notes.txt")) is None
    assert change_counter(str(tmp_path / "missing.sqlite")) is None and change_counter(None) is None
    assert sqlite_path("sqlite:///:memory:") is None and sqlite_path("postgresql+psycopg://u@h/db") is None


def test_latest_is_asked_again_only_after_a_write_from_anywhere(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    app, cli = Database(url), PlanStore.open(url)  # the app's engine, and another writer (the CLI, a replica)
    reads = []
    real = app.latest.read
    monkeypatch.setattr(app.latest, "read", lambda: reads.append(1) or real())
    assert [app.latest() for _ in range(5)] == [(0, 0)] * 5 and len(reads) == 1
    version = cli.write_actions("E09000002", PLAN, who="officer", kind="import").version_id
    assert app.latest() == (0, version) and len(reads) == 2  # seen on the next call
    assert app.latest() == (0, version) and len(reads) == 2
    app.dispose()
    cli.dispose()


def test_a_file_in_wal_mode_is_asked_every_time(tmp_path):
    path = tmp_path / "wal.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x INTEGER)")
    assert change_counter(str(path)) is None
    reads = []
    latest = WhileUnchanged(f"sqlite:///{path}", lambda: reads.append(1) or len(reads))
    assert [latest() for _ in range(3)] == [1, 2, 3]
