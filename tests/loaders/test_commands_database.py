"""The same commands against the shared PostgreSQL snapshot (KPI_DB_URL): import, status, rollback, and a
second writer turned away. Every replica reads what they write."""

from __future__ import annotations

import pytest

from kpi.model.store import Store
from kpi.storage.backends import open_snapshots
from loaders.__main__ import main
from tests.loaders.helpers import RAW, ROOT
from tests.pgschema import schema_url


@pytest.fixture
def shared(monkeypatch, tmp_path):
    with schema_url("cli") as url:
        monkeypatch.setenv("KPI_DB_URL", url)
        monkeypatch.setenv("KPI_DATA_DIR", str(ROOT / "data"))  # only read, to seed version 1
        yield url


def test_import_status_and_rollback_on_the_shared_snapshot(shared, capsys, tmp_path):
    from tests.loaders.sources.test_csp_and_qpses import qpses_workbook

    release = tmp_path / "QPSES 2030 Q1.xlsx"
    release.write_bytes(qpses_workbook("Barking and Dagenham"))  # example values
    assert main(["import", str(release)]) == 0
    out = capsys.readouterr().out
    assert "wrote snapshot version 2 to postgresql+psycopg://kpi_test:***@" in out
    replica = open_snapshots(shared)  # another process reading the same database
    snapshot = replica.read()
    assert snapshot.info.file_name == "QPSES 2030 Q1.xlsx" and snapshot.info.kind == "import"
    assert len(snapshot.info.sha256) == 64 and snapshot.info.created_by.endswith("(command line)")
    fte = Store.from_snapshot(snapshot).series("fte", ["E09000002"])
    assert fte.set_index("period").at["2029-30", "value"] == 800.5
    assert main(["status"]) == 0
    status = capsys.readouterr().out
    row = next(r for r in status.splitlines() if r.startswith("lga_qpses,"))
    assert ",ok," in row and "2029-30" in row
    assert main(["rollback"]) == 0
    assert "restored version 1 as snapshot version 3" in capsys.readouterr().out
    assert replica.read().observations.equals(replica.read(1).observations)
    assert (ROOT / "data" / "CURRENT").exists() is False  # the bundled files were only read
    replica.db.dispose()


def test_a_second_writer_on_another_replica_is_turned_away(shared, capsys):
    import sqlalchemy as sa

    from tests.kpi.storage.test_snapshots import LOCK

    open_snapshots(shared).db.dispose()  # seeded
    engine = sa.create_engine(shared)
    with engine.connect() as conn, conn.begin():
        assert conn.execute(sa.text(LOCK)).scalar()  # another replica is writing
        assert main(["import", str(RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "another refresh, import or rollback is writing the shared snapshot" in err
    assert "nothing was changed" in err
    assert open_snapshots(shared).head() == 1
    engine.dispose()


def test_a_reorganisation_file_and_a_recode_on_the_shared_snapshot(shared, capsys):
    from kpi.storage.snapshots import SNAPSHOT_FILES
    from tests.loaders.test_reorganisation_commands import GOOD

    replica = open_snapshots(shared)
    before = replica.read(1)
    assert main(["reorganisation", "import", str(GOOD)]) == 0
    assert "wrote snapshot version 2" in capsys.readouterr().out
    after = Store.from_snapshot(replica.read())
    assert after.catalogue.area("E06X00004")["area_name"] == "EXAMPLE East Kent"  # every replica sees it
    assert main(["reorganisation", "recode", "E06X00004", "E06000099"]) == 0
    assert Store.from_snapshot(replica.read()).catalogue.resolve_area("E06X00004") == "E06000099"
    assert main(["rollback"]) == 0 and main(["rollback"]) == 0  # the recode, then the import
    restored = replica.read()
    assert all(restored.files[n] == before.files[n] for n in SNAPSHOT_FILES if n in before.files)
    assert restored.observations.equals(before.observations)
    replica.db.dispose()
