"""The writable store on SQLite and on a real PostgreSQL server: versions, audit, no-ops, atomicity, rollback."""

import datetime as dt
import os

import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.core import schema as S
from kpi.officers.figures.read import parse_upload
from kpi.storage import db as U
from kpi.storage import figures as F
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore, actions_frame

PG_URL = os.environ.get("KPI_TEST_PG_URL")
NOW = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)


def _fresh_pg(url):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        U.metadata.drop_all(conn)
        U.schema_version.drop(conn, checkfirst=True)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        store = U.Database(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    else:
        if not PG_URL:
            if os.environ.get("KPI_REQUIRE_PG") == "1":
                pytest.fail("KPI_TEST_PG_URL is not set: .ci/run starts PostgreSQL with scripts/ci_postgres.sh")
            pytest.skip('PostgreSQL tests need KPI_TEST_PG_URL (run: eval "$(scripts/ci_postgres.sh)")')
        _fresh_pg(PG_URL)
        store = U.Database(PG_URL)
    yield store
    store.dispose()


@pytest.fixture
def figures(db):
    return FigureStore(db)


@pytest.fixture
def plans(db):
    return PlanStore(db)


def rows(store, text, name="fte.csv"):
    parsed = parse_upload(text.encode(), name, store)
    assert parsed.ok, parsed.problem_table()
    return parsed


CSV1 = "area_code,metric_id,period,value\nE09000002,fte,2021-22,2500\nE09000002,fte,2022-23,2600\n"
CSV2 = "area_code,metric_id,period,value\nE09000002,fte,2022-23,2650\nE09000002,fte,2023-24,2700\n"


@pytest.fixture(scope="module")
def catalogue(store):
    return store.catalogue


def write(db, catalogue, text, name="fte.csv", who="officer@example.gov.uk"):
    parsed = parse_upload(text.encode(), name, catalogue)
    assert parsed.ok, parsed.problem_table()
    return db.write_upload(
        parsed.rows, who=who, file_name=name, sha256=f"sha-{hash(text)}", new_metrics=parsed.new_metrics, now=NOW
    )


def test_schema_version_is_recorded_and_migration_is_idempotent(db):
    assert db.schema_version() == U.SCHEMA_VERSION
    assert U.migrate(db.engine) == U.SCHEMA_VERSION
    assert FigureStore(db).head() == 0 and FigureStore(db).current_observations().empty


def test_upload_writes_one_version_with_audit(figures, catalogue):
    result = write(figures, catalogue, CSV1)
    assert result.version_id == 1 and (result.added, result.changed) == (2, 0)
    v = figures.versions().iloc[0]
    assert v["created_by"] == "officer@example.gov.uk" and v["file_name"] == "fte.csv"
    assert v["created_at"] == "2026-05-01T09:30:00Z" and v["rows_total"] == 2 and v["kind"] == "upload"
    obs = figures.current_observations()
    assert obs[S.VALUE].tolist() == [2500, 2600]
    assert set(obs[S.SOURCE_ID]) == {"upload:1"} and set(obs[S.UNIT]) == {"fte"}


def test_second_upload_adds_and_changes_and_keeps_origin(figures, catalogue):
    write(figures, catalogue, CSV1)
    result = write(figures, catalogue, CSV2)
    assert (result.version_id, result.added, result.changed) == (2, 1, 1)
    obs = figures.current_observations().set_index(S.PERIOD)
    assert obs.loc["2021-22", S.SOURCE_ID] == "upload:1"  # untouched figure keeps the upload it came from
    assert obs.loc["2022-23", S.VALUE] == 2650 and obs.loc["2022-23", S.SOURCE_ID] == "upload:2"
    assert figures.observations_at(1)[S.VALUE].tolist() == [2500, 2600]  # the old version is intact


def test_same_file_again_is_a_no_op_with_a_message(figures, catalogue):
    write(figures, catalogue, CSV1)
    again = write(figures, catalogue, CSV1)
    assert again.version_id is None and "Nothing to save" in again.message and "version 1" in again.message
    assert figures.head() == 1 and len(figures.versions()) == 1


def test_failure_mid_write_leaves_previous_version_intact(figures, catalogue, monkeypatch):
    write(figures, catalogue, CSV1)

    def boom(conn, version_id, snapshot):
        conn.execute(
            U.observations.insert(),
            [
                {
                    "version_id": version_id,
                    "area_code": "E09000002",
                    "metric_id": "fte",
                    "period": "2030-31",
                    "value": 1.0,
                    "unit": "fte",
                    "notes": "",
                    "origin_version": version_id,
                }
            ],
        )
        raise RuntimeError("disk full")

    monkeypatch.setattr(F, "_insert_snapshot", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write(figures, catalogue, CSV2)
    monkeypatch.undo()
    assert figures.head() == 1 and len(figures.versions()) == 1
    assert figures.current_observations()[S.VALUE].tolist() == [2500, 2600]
    with figures.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(U.observations)).scalar() == 2


def test_rollback_is_a_new_version_and_loses_nothing(figures, catalogue):
    write(figures, catalogue, CSV1)
    write(figures, catalogue, CSV2)
    result = figures.rollback(1, who="officer@example.gov.uk", now=NOW)
    assert result.version_id == 3
    assert figures.current_observations()[S.VALUE].tolist() == [2500, 2600]
    history = figures.versions()
    assert history["version_id"].tolist() == [3, 2, 1] and history.iloc[0]["restores_version"] == 1
    assert figures.observations_at(2)[S.VALUE].tolist() == [2500, 2650, 2700]


def test_rollback_refused_when_it_touches_another_council(figures, catalogue):
    write(figures, catalogue, CSV1)
    write(figures, catalogue, CSV2.replace("E09000002", "E09000004"))
    with pytest.raises(U.StoreError, match="E09000004"):
        figures.rollback(1, who="a@example.gov.uk", writable=frozenset({"E09000002"}))
    assert figures.head() == 2


def test_stale_preview_is_refused(figures, catalogue):
    write(figures, catalogue, CSV1)
    parsed = parse_upload(CSV2.encode(), "x.csv", catalogue)
    with pytest.raises(U.VersionConflict):
        figures.write_upload(parsed.rows, who="x", file_name="x.csv", sha256="x", expected_head=0)
    assert figures.head() == 1


def test_local_metric_is_stored_once(figures, catalogue):
    text = (
        "area_code,metric_id,period,value,metric_title,metric_unit,metric_polarity\n"
        "E09000002,sickness_days,2023-24,9.5,Days lost to sickness per FTE,rate,lower_better\n"
    )
    result = write(figures, catalogue, text)
    assert result.version_id == 1
    assert figures.local_metrics() == [
        {
            "metric_id": "sickness_days",
            "title": "Days lost to sickness per FTE",
            "unit": "rate",
            "polarity": "lower_better",
            "version_id": 1,
        }
    ]


def test_action_snapshots_and_history(plans):
    plan = pd.DataFrame(
        {
            "ref": ["1", ""],
            "recommendation": ["Example recommendation", "Example recommendation"],
            "action": ["a", "b"],
            "deadline_text": ["July 2025", "N/A"],
            "due_date": ["2025-07-31", None],
            "status_text": ["Ongoing", "n/a"],
            "status": ["Ongoing", "N/A"],
            "metric_ids": ["fte", ""],
        }
    )
    first = plans.write_actions("E09000002", plan, who="x", kind="import", file_name="plan.csv", now=NOW)
    assert first.version_id == 1
    assert plans.write_actions("E09000002", plan, who="x", kind="edit", now=NOW).version_id is None
    edited = plan.assign(status=["Completed", "N/A"])
    second = plans.write_actions("E09000002", edited, who="y", kind="edit", now=NOW + dt.timedelta(days=30))
    assert second.version_id == 2 and second.changed == 1
    current = plans.current_actions("E09000002")
    assert current["status"].tolist() == ["Completed", "N/A"] and current["due_date"].tolist()[0] == "2025-07-31"
    # the plan as saved, as text columns in the plan's order, numbered from 0; no due date is "" as in a parsed plan
    pd.testing.assert_frame_equal(current, edited.fillna("").astype(str))
    empty = plans.actions_at(999)
    pd.testing.assert_frame_equal(empty, edited.iloc[:0].astype(str).reset_index(drop=True))
    history = plans.action_history("E09000002")
    assert set(history["version_id"]) == {1, 2}
    assert history[(history["version_id"] == 2) & (history["status"] == "Completed")]["actions"].iloc[0] == 1
    assert plans.head("E09000001") == 0


def test_action_plan_rollback_is_a_new_version(plans):
    plan = pd.DataFrame(
        {
            "ref": ["1"],
            "recommendation": ["Example"],
            "action": ["a"],
            "deadline_text": ["2026"],
            "due_date": ["2026-12-31"],
            "status_text": ["Ongoing"],
            "status": ["Ongoing"],
            "metric_ids": [""],
        }
    )
    plans.write_actions("E09000002", plan, who="x", kind="import", now=NOW)
    plans.write_actions(
        "E09000002", plan.assign(status="Completed", status_text="Completed"), who="x", kind="edit", now=NOW
    )
    result = plans.rollback_actions("E09000002", 1, who="y", now=NOW)
    assert result.version_id == 3 and plans.current_actions("E09000002")["status"].tolist() == ["Ongoing"]
    history = plans.versions("E09000002")
    assert history.iloc[0]["restores_version"] == 1 and history.iloc[0]["kind"] == "rollback"
    with pytest.raises(U.StoreError):
        plans.rollback_actions("E09000004", 1, who="y")
    # Every council's latest plan version and its number of versions in one query; a council without a plan is
    # not listed.
    plans.write_actions("E09000004", plan, who="x", kind="import", now=NOW)
    assert plans.heads() == {"E09000002": (3, 3), "E09000004": (4, 1)}
    assert "E09000001" not in plans.heads() and plans.head("E09000001") == 0
    pd.testing.assert_frame_equal(actions_frame([]), plans.actions_at(999))


def test_both_observation_tables_take_their_columns_from_one_declaration():
    from kpi.storage.snapshot_tables import snapshot_observations

    for name in ("area_code", "metric_id", "period", "unit", "notes"):
        official, supplied = snapshot_observations.c[name].type, U.observations.c[name].type
        assert type(official) is type(supplied) and getattr(official, "length", None) == supplied.length, name
    assert snapshot_observations.c.value.nullable and not U.observations.c.value.nullable  # a gap is official only
