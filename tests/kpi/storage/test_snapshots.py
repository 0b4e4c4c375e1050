"""The official snapshot's versions on both back ends: files (data/versions + CURRENT) and PostgreSQL.

The same behaviour on each: the bundled data/ is version 1; a write adds one whole version with who, when, the
file and its SHA-256; a writer that started from an older version, or that meets another writer, writes nothing;
rollback copies the earlier version byte for byte; the last ten versions are kept.
"""

from __future__ import annotations

import hashlib
import shutil
import threading

import pytest
import sqlalchemy as sa

from kpi.model.store import Store
from kpi.storage.backends import open_snapshots
from kpi.storage.db import Database
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshots import (
    KEEP_VERSIONS,
    OTHER_FILES,
    Busy,
    NewVersion,
    NoEarlierVersion,
    VersionConflict,
    frame_bytes,
)
from tests.conftest import ROOT
from tests.pgschema import schema_url

LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('council-kpi snapshot:' || current_schema()))"


@pytest.fixture
def bundled(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("local", "versions", "CURRENT", ".*"))
    return target


@pytest.fixture(params=["files", "postgresql"])
def snapshots(request, bundled):
    if request.param == "files":
        yield FileSnapshots(bundled)
        return
    with schema_url("snap") as url:
        backend = open_snapshots(url, bundled)
        yield backend
        backend.db.dispose()


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def new(note: str = "", **files: bytes) -> NewVersion:
    return NewVersion(
        kind="import",
        created_by="admin@example.gov.uk",
        created_at="2026-11-21T09:30:00+00:00",
        files={k.replace("_", "."): v for k, v in files.items()},
        file_name="example.csv",
        sha256="ab" * 32,
        sources="ons_gdp_deflator_ybgb",
        note=note,
    )


DEFLATORS = b"period,index,source_id,release\n2023-24,100.0,ons_gdp_deflator_ybgb,example (not real figures)\n"


def test_the_bundled_data_is_version_one(snapshots, bundled):
    snapshot = snapshots.read()
    assert snapshot.info.version_id == 1 and snapshot.info.kind == "bundled"
    assert snapshot.observations.equals(FileSnapshots(bundled).read().observations)
    for name in OTHER_FILES:
        assert snapshot.files[name] == (bundled / name).read_bytes()
    assert frame_bytes(snapshot.observations) == (bundled / "observations.csv").read_bytes()


def test_a_write_is_one_new_version_with_its_provenance(snapshots, bundled):
    key = snapshots.key()
    info = snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    assert (info.version_id, info.parent, info.base) == (2, 1, 1)
    assert snapshots.key() != key
    snapshot = snapshots.read()
    assert snapshot.info.created_by == "admin@example.gov.uk" and snapshot.info.file_name == "example.csv"
    assert snapshot.info.sha256 == "ab" * 32 and snapshot.info.sources == "ons_gdp_deflator_ybgb"
    assert snapshot.files["deflators.csv"] == DEFLATORS
    assert digest(snapshot.files["areas.csv"]) == digest((bundled / "areas.csv").read_bytes())  # carried over
    assert len(snapshot.observations) == len(snapshots.read(1).observations)
    store = Store.from_snapshot(snapshot)
    assert store.deflator_periods() == ["2023-24"]


def test_a_writer_that_started_from_an_older_version_writes_nothing(snapshots):
    snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    with pytest.raises(VersionConflict, match="now version 2, it started from version 1"):
        snapshots.write(new(deflators_csv=b"period,index\n"), parent=1)
    assert [v.version_id for v in snapshots.versions()] == [2, 1]


def test_a_second_writer_meanwhile_is_busy_and_writes_nothing(snapshots):
    if isinstance(snapshots, FileSnapshots):
        holder = snapshots.locked()
    else:
        holder = AdvisoryLock(snapshots)
    with holder, pytest.raises(Busy, match="another refresh, import or rollback is writing"):
        snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    assert snapshots.head() == 1


class AdvisoryLock:
    """Another replica holding the snapshot's advisory lock in an open transaction."""

    def __init__(self, snapshots):
        self.engine = sa.create_engine(snapshots.db.url)

    def __enter__(self):
        self.conn = self.engine.connect()
        self.tx = self.conn.begin()
        assert self.conn.execute(sa.text(LOCK)).scalar()

    def __exit__(self, *exc):
        self.tx.rollback()
        self.conn.close()
        self.engine.dispose()


def test_rollback_restores_byte_for_byte_and_says_when_there_is_nothing_earlier(snapshots):
    first = snapshots.read(1)
    snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    info = snapshots.rollback(who="admin@example.gov.uk", at="2026-11-21T10:00:00+00:00")
    assert (info.version_id, info.kind, info.restores, info.base) == (3, "rollback", 1, 0)
    back = snapshots.read()
    assert dict(back.files) == dict(first.files) and back.observations.equals(first.observations)
    with pytest.raises(NoEarlierVersion, match="no previous snapshot to roll back to"):
        snapshots.rollback(who="admin@example.gov.uk", at="2026-11-21T10:01:00+00:00")
    assert snapshots.head() == 3


def test_repeated_rollback_goes_further_back(snapshots):
    snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    second = DEFLATORS.replace(b"100.0", b"101.0")
    snapshots.write(new(deflators_csv=second), parent=2)
    assert snapshots.rollback(who="a", at="t").restores == 2
    assert snapshots.read().files["deflators.csv"] == DEFLATORS
    assert snapshots.rollback(who="a", at="t").restores == 1


def test_the_last_ten_versions_are_kept(snapshots):
    for i in range(2, 14):
        snapshots.write(new(deflators_csv=DEFLATORS.replace(b"100.0", f"{i}.0".encode())), parent=i - 1)
    kept = [v.version_id for v in snapshots.versions() if v.version_id != 1]
    assert kept[: KEEP_VERSIONS - 1] == list(range(13, 13 - KEEP_VERSIONS + 1, -1))
    assert 3 not in kept and 2 not in kept
    assert snapshots.read().files["deflators.csv"].count(b"13.0") == 1


def test_the_status_log_is_shared_by_every_reader(snapshots):
    key = snapshots.log_key()
    snapshots.record_log({"mhclg_council_tax_ctr": {"ok": False, "message": "SourceUnavailable: no network"}})
    assert snapshots.read_log()["mhclg_council_tax_ctr"]["ok"] is False
    assert snapshots.log_key() != key


def test_two_writers_at_once_leave_one_new_version(snapshots):
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def writer(tag: bytes):
        start.wait()
        try:
            snapshots.write(new(deflators_csv=DEFLATORS.replace(b"100.0", tag)), parent=1)
            outcomes.append("written")
        except (Busy, VersionConflict) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in (b"1.0", b"2.0")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[0] in ("Busy", "VersionConflict") and outcomes.count("written") == 1
    assert snapshots.head() == 2


def test_an_interrupted_write_is_cleaned_up_on_start(bundled):
    snapshots = FileSnapshots(bundled)
    snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    (bundled / "versions" / ".tmp-3-abc").mkdir()  # killed while writing version 3
    (bundled / "versions" / ".tmp-3-abc" / "observations.csv").write_text("half")
    shutil.copytree(bundled / "versions" / "2", bundled / "versions" / "4")  # written, never switched to
    (bundled / ".CURRENT.x1.tmp").write_text("4\n")
    removed = snapshots.recover()
    assert len(removed) == 3 and snapshots.head() == 2
    assert sorted(p.name for p in (bundled / "versions").iterdir()) == ["2"]
    assert not list(bundled.glob(".CURRENT.*"))


def test_a_pointer_to_a_missing_version_falls_back_to_the_newest_whole_one(bundled):
    snapshots = FileSnapshots(bundled)
    snapshots.write(new(deflators_csv=DEFLATORS), parent=1)
    (bundled / "CURRENT").write_text("7\n")
    snapshots.recover()
    assert snapshots.head() == 2


def test_the_database_back_end_is_chosen_by_the_url(bundled, tmp_path):
    assert isinstance(open_snapshots(f"sqlite:///{tmp_path / 'kpi.sqlite'}", bundled), FileSnapshots)
    with schema_url("snap") as url:
        backend = open_snapshots(url, bundled)
        assert backend.backend == "database" and backend.heads() == (1, "-", 0, 0)
        again = open_snapshots(database=Database(url), data_dir=bundled)  # a second replica: no second seed
        assert again.head() == 1
        backend.db.dispose()
        again.db.dispose()
