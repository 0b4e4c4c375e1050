"""refresh / import / status / rollback against a copy of data/ (KPI_DATA_DIR), with no network at all.

Each applied change is a new snapshot version (data/versions/<id>/, switched by data/CURRENT): `current(data)`
reads a file of whichever version is current, as the dashboard does."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import responses

from kpi.storage.snapshot_files import FileSnapshots
from loaders import govuk, http, registry
from loaders.__main__ import main
from tests.loaders.helpers import GOVUK, RAW, ROOT

SNAPSHOT_FILES = (
    "observations.csv",
    "deflators.csv",
    "sources.csv",
    "snapshot.json",
    "areas.csv",
    "metrics.csv",
    "neighbours.csv",
)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the snapshot (runtime state under local/ excluded), by content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "local"
    }


def current(folder: Path, name: str = "observations.csv") -> Path:
    """A file of the current snapshot version."""
    snapshots = FileSnapshots(folder)
    return snapshots.folder(snapshots.head()) / name


@pytest.fixture
def data(data_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    monkeypatch.setattr(http, "_sleep", lambda seconds: None)
    monkeypatch.setattr(http, "DEFAULT_CACHE", tmp_path / "http-cache")
    return data_copy


def changes(out: str) -> dict[tuple[str, str], list[str]]:
    """The printed change table as {(source, metric): [added, changed, removed]}."""
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 5 and all(p.isdigit() for p in parts[2:]):
            rows[(parts[0], parts[1])] = parts[2:]
    return rows


def edit_observations(folder: Path, edit) -> bytes:
    """Apply `edit(line) -> line or None` to each data line of observations.csv; returns the new bytes."""
    path = folder / "observations.csv"
    lines = path.read_text().splitlines(keepends=True)
    out = [lines[0]] + [new for line in lines[1:] if (new := edit(line)) is not None]
    path.write_text("".join(out))
    return path.read_bytes()


def test_refresh_with_the_network_unreachable_changes_nothing(data, capsys):
    before = fingerprint(data)
    with responses.RequestsMock():  # every request fails with a connection error
        code = main(["refresh"])
    err = capsys.readouterr().err
    assert code == 1
    for entry in registry.ENTRIES:
        if entry.default:
            assert f"FAILED {entry.source_id}:" in err
    assert "could not reach the source" in err and "nothing was changed" in err
    assert fingerprint(data) == before
    assert not (data / "versions").exists() and FileSnapshots(data).head() == 1
    log = json.loads((data / "local" / "source_status.json").read_text())
    assert log["mhclg_revenue_outturn_rs"]["ok"] is False


def test_failed_refresh_shows_in_status_and_stale_list(data, capsys):
    with responses.RequestsMock():
        main(["refresh", "--source", "mhclg_council_tax_ctr"])
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.startswith("source_id,title,release,retrieved,councils,first,last,last_attempt,result,message")
    ctr = next(r for r in rows if r.startswith("mhclg_council_tax_ctr,"))
    assert ",failed," in ctr and "365,2014-15,2023-24" in ctr
    from kpi.model.source_status import failed_refreshes_from_log

    snapshots = FileSnapshots(data)
    items = failed_refreshes_from_log(snapshots.read().text_table("sources.csv"), snapshots.read_log())
    assert [i.source_id for i in items] == ["mhclg_council_tax_ctr"]
    assert "2026-11-21" in items[0].notice()


def borrowing_publication() -> dict:
    item = json.loads((GOVUK / "publication-with-featured-attachments.json").read_text())
    path = registry.entry("mhclg_borrowing_investment").publication
    item["base_path"] = path
    item["public_updated_at"] = "2020-07-28T09:30:00+01:00"
    item["details"]["attachments"] = [dict(item["details"]["attachments"][0], filename=BORROWING, url=ASSET)]
    return item


BORROWING = "Borrowing_and_Investment_Live_Table_Q4_2019_20.xlsx"
ASSET = f"https://assets.publishing.service.gov.uk/media/5f1f0a1be90e0732e0e8b5a1/{BORROWING}"


def test_one_failing_source_does_not_stop_the_others(data, capsys):
    committed = (data / "observations.csv").read_bytes()
    edit_observations(
        data, lambda line: line.replace("E09000002,total_debt,2019-20,981686000.0", "E09000002,total_debt,2019-20,1.0")
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(
            responses.GET,
            govuk.API + registry.entry("mhclg_borrowing_investment").publication,
            json=borrowing_publication(),
        )
        mock.add(responses.GET, ASSET, body=(RAW / BORROWING).read_bytes())
        code = main(["refresh", "--source", "mhclg_borrowing_investment", "--source", "ons_mye_2021_based"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "FAILED ons_mye_2021_based:" in err and "the others were applied" in err
    assert "mhclg_borrowing_investment: release 2020-07-28" in out
    assert changes(out)[("mhclg_borrowing_investment", "total_debt")] == ["0", "1", "0"]
    assert current(data).read_bytes() == committed  # the edited figure is back, nothing else moved
    sources = current(data, "sources.csv").read_text()
    assert "Live tables Q3 2016-17 and Q4 2019-20; 2020-07-28" in sources


def test_refresh_with_a_renamed_column_leaves_the_snapshot(data, capsys):
    before = fingerprint(data)
    nomis = '"DATE_NAME","GEOGRAPHY_NAME","GEOGRAPHY_CODE","VALUE"\n"2030","x","E09000002","1"\n'
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.GET, registry.entry("ons_mye_2021_based").url, body=nomis)
        code = main(["refresh", "--source", "ons_mye_2021_based"])
    err = capsys.readouterr().err
    assert code == 1 and "LayoutChanged" in err and "OBS_VALUE" in err
    assert fingerprint(data) == before


def test_import_rs_ods_updates_exactly_the_expected_rows_and_rollback_restores(data, capsys):
    committed = (data / "observations.csv").read_bytes()
    adur = "E07000223"
    edited = edit_observations(
        data,
        lambda line: (
            None
            if line.startswith(adur) and ",2023-24," in line and "mhclg_revenue_outturn_rs" in line
            else line.replace(
                "E09000002,net_revenue_expenditure,2023-24,190658000.0", "E09000002,net_revenue_expenditure,2023-24,1.0"
            )
        ),
    )
    assert edited != committed
    code = main(["import", str(RAW / "RS_2023-24_data_by_LA.ods")])
    out = capsys.readouterr().out
    assert code == 0
    assert "mhclg_revenue_outturn_rs: release RS 2023-24 (Last updated: 12 December 2024)" in out
    lines = changes(out)
    assert lines[("mhclg_revenue_outturn_rs", "net_revenue_expenditure")] == ["1", "1", "0"]  # Adur added, B&D fixed
    assert lines[("mhclg_revenue_outturn_rs", "service_spend")] == ["1", "0", "0"]
    assert current(data).read_bytes() == committed
    assert (data / "observations.csv").read_bytes() == edited  # version 1 itself is never rewritten
    assert main(["rollback"]) == 0
    assert "restored version 1 as snapshot version 3" in capsys.readouterr().out
    assert current(data).read_bytes() == edited
    assert main(["rollback"]) == 2  # version 3 holds version 1's snapshot: there is nothing earlier
    assert "no previous snapshot" in capsys.readouterr().err


def test_import_council_tax_table9_restores_band_d(data, capsys):
    committed = (data / "observations.csv").read_bytes()
    edit_observations(
        data,
        lambda line: line.replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        ),
    )
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0
    out = capsys.readouterr().out
    assert "mhclg_council_tax_ctr: release CTR Table 9 2023-24" in out
    assert changes(out)[("mhclg_council_tax_ctr", "band_d_council_tax")] == ["0", "1", "0"]
    assert current(data).read_bytes() == committed


def test_import_of_an_unknown_file_is_refused_saying_what_was_looked_for(data, capsys, tmp_path):
    before = fingerprint(data)
    stray = tmp_path / "budget_notes.csv"
    stray.write_text("council,amount\nBarking,1\n")
    assert main(["import", str(stray)]) == 1
    err = capsys.readouterr().err
    assert "not a known release" in err and "RS LA Data" in err and "MYE4" in err
    assert fingerprint(data) == before


def test_import_with_the_wrong_source_is_refused(data, capsys):
    before = fingerprint(data)
    assert main(["import", str(RAW / BORROWING), "--source", "mhclg_council_tax_ctr"]) == 1
    err = capsys.readouterr().err
    assert "LayoutChanged" in err and "Data_Billing" in err
    assert fingerprint(data) == before


def test_rollback_without_a_previous_snapshot_says_so(data, capsys):
    assert main(["rollback"]) == 2
    assert "no previous snapshot" in capsys.readouterr().err


def test_the_chart_note_reads_the_refreshed_retrieval_date(data, capsys):
    from kpi.model.store import Store
    from kpi.views.trend import source_note

    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date().isoformat()
    note = source_note(Store.load(data), ["mhclg_council_tax_ctr"])
    assert f"Retrieved {today}" in note


def test_import_of_deflator_files(data, capsys):
    committed = (data / "deflators.csv").read_bytes()
    assert main(["import", str(RAW / "ons_ybgb_gdp_deflators.csv")]) == 0
    assert current(data, "deflators.csv").read_bytes() == committed  # same YBGB release as the bundled series
    assert main(["import", str(RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx")]) == 0
    text = current(data, "deflators.csv").read_text()
    assert "2010-11,76.2066,hmt_gdp_deflators" in text
    assert main(["rollback"]) == 0
    assert current(data, "deflators.csv").read_bytes() == committed


def test_import_of_a_population_workbook_reproduces_mid_2022(data, capsys):
    committed = (data / "observations.csv").read_bytes()
    edit_observations(data, lambda line: None if line.startswith("E09000002,population,2022-23,") else line)
    assert main(["import", str(RAW / "mye22final.xlsx")]) == 0
    out = capsys.readouterr().out
    assert changes(out)[("ons_mye_2021_based", "population")] == ["1", "0", "0"]
    assert current(data).read_bytes() == committed


def test_import_of_qpses_lists_names_it_could_not_match(data, capsys, tmp_path):
    from tests.loaders.sources.test_csp_and_qpses import qpses_workbook

    path = tmp_path / "QPSES 2030 Q1.xlsx"
    path.write_bytes(qpses_workbook("Barking and Dagenham", "Nowhere Borough"))  # example values
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "names matched to no council (not loaded): Nowhere Borough" in out
    assert changes(out)[("lga_qpses", "fte")] == ["1", "0", "0"]
    assert "E09000002,fte,2029-30,800.5,fte,lga_qpses,,QPSES 2030 Q1" in current(data).read_text()


def test_a_write_that_fails_half_way_switches_nothing(data, capsys, monkeypatch):
    edit = edit_observations(
        data,
        lambda line: line.replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        ),
    )
    before = fingerprint(data)
    from kpi.storage import snapshot_files

    real = snapshot_files.write_flushed
    failures = []

    def failing(path, content):
        if path.name == "sources.csv" and not failures:  # fails once, after observations.csv was written
            failures.append(path)
            raise OSError("disk full")
        real(path, content)

    monkeypatch.setattr(snapshot_files, "write_flushed", failing)
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 1
    err = capsys.readouterr().err
    assert "disk full" in err and "nothing was changed" in err
    assert failures and fingerprint(data) == before  # no half-written version folder is left behind
    assert FileSnapshots(data).head() == 1 and current(data).read_bytes() == edit


def test_import_of_the_council_taxbase_adds_dwellings(data, capsys):
    # The snapshot bundles the October 2022 count: take it out, and the import brings the same rows back.
    edit_observations(data, lambda line: None if ",dwellings,2022-23," in line else line)
    assert main(["import", str(RAW / "Council_Taxbase_local_authority_level_data_2022.ods")]) == 0
    out = capsys.readouterr().out
    assert changes(out)[("mhclg_council_taxbase", "dwellings")][0] == "309"
    row = "E09000002,dwellings,2022-23,78617.0,dwellings,mhclg_council_taxbase,,"
    assert row in current(data).read_text()
    # Council tax per dwelling is recalculated from it: B&D £72.35m / 78,617 (council-tax PROVENANCE: £920).
    assert "E09000002,council_tax_per_dwelling,2022-23,920.29" in current(data).read_text()


def test_import_as_the_wrong_sibling_source_is_refused(data, capsys):
    before = fingerprint(data)
    assert main(["import", str(RAW / "RS_2016-17_data_by_LA.xlsx"), "--source", "mhclg_revenue_account_ra"]) == 1
    assert "is a mhclg_revenue_outturn_rs release, not mhclg_revenue_account_ra" in capsys.readouterr().err
    assert fingerprint(data) == before


def test_command_line_honours_kpi_data_dir(data_copy, tmp_path):
    import os
    import subprocess
    import sys

    stray = tmp_path / "notes.txt"
    stray.write_text("hello\n")
    env = {**os.environ, "KPI_DATA_DIR": str(data_copy)}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "import", str(stray)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "refused notes.txt" in done.stderr and "not a known release" in done.stderr
    status = subprocess.run(
        [sys.executable, "-m", "loaders", "status"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert status.returncode == 0 and status.stdout.startswith("source_id,title,release,retrieved")


@pytest.mark.parametrize(
    "case, expected",
    [
        ("truncated", "truncated"),
        ("empty", "empty file"),
        ("server_error", "HTTP 500"),
        ("timeout", "ReadTimeout"),
        ("half_workbook", "truncated or corrupt"),
    ],
)
def test_a_broken_download_leaves_the_snapshot_unchanged(data, capsys, case, expected):
    import requests

    before = fingerprint(data)
    whole = (RAW / BORROWING).read_bytes()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(
            responses.GET,
            govuk.API + registry.entry("mhclg_borrowing_investment").publication,
            json=borrowing_publication(),
        )
        if case == "truncated":
            mock.add(
                responses.GET,
                ASSET,
                body=whole[:1000],
                headers={"Content-Length": str(len(whole))},
                auto_calculate_content_length=False,
            )
        elif case == "empty":
            mock.add(responses.GET, ASSET, body=b"")
        elif case == "server_error":
            mock.add(responses.GET, ASSET, status=500)
        elif case == "timeout":
            mock.add(responses.GET, ASSET, body=requests.exceptions.ReadTimeout("read timed out"))
        else:  # the server sent half a workbook and said that was all
            mock.add(responses.GET, ASSET, body=whole[: len(whole) // 2])
        code = main(["refresh", "--source", "mhclg_borrowing_investment"])
    err = capsys.readouterr().err
    assert code == 1
    assert "FAILED mhclg_borrowing_investment:" in err and expected in err
    assert fingerprint(data) == before


def test_a_second_writer_is_turned_away_and_nothing_changes(data, capsys):
    edit_observations(
        data,
        lambda line: line.replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        ),
    )
    before = fingerprint(data)
    with FileSnapshots(data).locked():
        assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 1
    assert "another refresh, import or rollback is writing" in capsys.readouterr().err
    assert fingerprint(data) == before
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0  # free again afterwards


def test_refresh_offline_fails_every_source_at_once_saying_no_network(data, capsys, monkeypatch):
    """With no name lookup possible, each source fails on its first attempt (no retries, no backoff)."""
    import socket
    import time

    waits: list[float] = []
    monkeypatch.setattr(http, "_sleep", waits.append)

    def offline(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    before = fingerprint(data)
    started = time.monotonic()
    assert main(["refresh"]) == 1
    err = capsys.readouterr().err
    assert waits == [] and time.monotonic() - started < 60
    for entry in registry.ENTRIES:
        if entry.default and entry.kind != "manual":
            assert f"FAILED {entry.source_id}: SourceUnavailable: no network: the name lookup failed" in err
    assert "nothing was changed" in err and fingerprint(data) == before


@pytest.mark.parametrize("command", [["refresh"], ["status"], ["rollback"], ["import", "FILE"]])
@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_a_missing_or_empty_data_folder_is_refused_in_one_line(tmp_path, capsys, command, folder):
    """Every command says what it expected, exit code 2, no traceback (refresh printed FileNotFoundError)."""
    target = tmp_path / folder
    if folder == "empty":
        target.mkdir()
    args = [str(RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx") if a == "FILE" else a for a in command]
    assert main([*args, "--data-dir", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        len(err.splitlines()) == 1 and str(target) in err and "expected a data folder holding observations.csv" in err
    )
    assert "Traceback" not in err
    assert not (target / "local").exists()  # nothing was made in it
