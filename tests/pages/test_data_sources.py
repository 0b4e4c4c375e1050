"""The Data sources page through AppTest: an administrator imports a downloaded release (recognised, previewed,
applied as a version with who, when, file and SHA-256), rolls it back, refreshes offline; others are turned away."""

from __future__ import annotations

import hashlib

import pytest

from kpi.storage.snapshot_files import FileSnapshots
from tests.loaders.helpers import RAW
from tests.pages.helpers import dataframe_with

pytestmark = pytest.mark.filterwarnings("ignore")

HMT = RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only",
        "client_id": "x",
        "client_secret": "y",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration",
    },
    "kpi": {"officers": {"officer@barking.example.gov.uk": ["E09000002"]}, "administrators": ["@data.example.gov.uk"]},
}


@pytest.fixture
def data(data_copy, monkeypatch, db_url):
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    return data_copy


def open_sources(app):
    app.run()
    app.switch_page("pages/admin/sources.py").run()
    assert not app.exception, app.exception
    return app


def open_section(app, label):
    """Only the open tab is drawn; a click on a tab sets its label in the session, as this does."""
    app.session_state["section"] = label
    app.run()
    assert not app.exception, app.exception
    return app


def drop(app, name, content, mime=XLSX):
    if app.session_state["section"] != "Import a release":
        open_section(app, "Import a release")
    key = f"sources_file_{app.session_state['sources_round']}"
    app.file_uploader(key=key).set_value((name, content, mime)).run()
    assert not app.exception, app.exception
    return app


def texts(app) -> str:
    return "\n".join(m.value for m in app.markdown) + "\n".join(c.value for c in app.caption)


def test_every_source_is_listed_with_its_official_page(app, data):
    open_sources(app)
    assert [t.label for t in app.tabs] == ["Sources", "Import a release", "Refresh", "Versions", "Reorganisations"]
    assert [h.value for h in app.header] == ["Sources"]  # only the open tab is drawn
    table = dataframe_with(app, "page").set_index("title")
    council_tax = table.loc["MHCLG council tax requirement returns (CTR)"]
    assert council_tax["page"] == "https://www.gov.uk/government/collections/council-tax-statistics"
    assert council_tax["first"] == "2014-15" and council_tax["updated_by"] == "refresh or import"
    assert table.loc["LGA/ONS Quarterly Public Sector Employment Survey", "updated_by"] == "import a downloaded file"
    assert "council-supplied figures" not in table.index  # updated by officers' uploads, not here
    open_section(app, "Versions")
    assert "version 1: the bundled snapshot" in texts(app)


def test_an_administrator_imports_a_release_and_rolls_it_back(app, data):
    committed = (data / "deflators.csv").read_bytes()
    open_sources(app)
    drop(app, HMT.name, HMT.read_bytes())
    shown = texts(app)
    assert "is a release of **GDP deflators at market prices, and money GDP (HM Treasury)" in shown
    assert hashlib.sha256(HMT.read_bytes()).hexdigest() in shown
    assert "replaces the whole deflators table" in shown
    app.button(key="sources_apply").click().run()
    assert not app.exception, app.exception
    assert any("as snapshot version 2 (by local user" in s.value for s in app.success)
    snapshots = FileSnapshots(data)
    info = snapshots.info(snapshots.head())
    assert (info.version_id, info.file_name, info.created_by) == (2, HMT.name, "local user")
    assert info.sha256 == hashlib.sha256(HMT.read_bytes()).hexdigest()
    assert snapshots.read().files["deflators.csv"] != committed
    open_section(app, "Versions")
    history = dataframe_with(app, "sha256")
    assert history["version_id"].tolist() == [2, 1] and history.iloc[0]["file_name"] == HMT.name
    app.button(key="sources_rollback").click().run()
    assert any("snapshot version 3 restores version 1" in s.value for s in app.success)
    assert snapshots.read().files["deflators.csv"] == committed


def test_the_preview_says_which_councils_years_and_measures_change(app, data, tmp_path):
    from tests.loaders.sources.test_csp_and_qpses import qpses_workbook

    open_sources(app)
    drop(app, "QPSES 2030 Q1.xlsx", qpses_workbook("Barking and Dagenham", "Nowhere Borough"))  # example values
    shown = texts(app)
    assert "2 figure(s) added, 0 changed and 0 removed, for 1 council(s), 2029-30, in 2 measure(s)." in shown
    assert any("Nowhere Borough" in w.value for w in app.warning)
    sample = dataframe_with(app, "council")
    assert set(sample["council"]) == {"Barking and Dagenham"} and set(sample["metric_id"]) == {"fte", "headcount"}
    assert FileSnapshots(data).head() == 1  # nothing applied yet


def test_a_file_that_is_no_release_is_refused_and_changes_nothing(app, data):
    open_sources(app)
    drop(app, "budget_notes.csv", b"council,amount\nBarking,1\n", mime="text/csv")
    assert any("not a known release" in e.value and "Nothing was changed" in e.value for e in app.error)
    assert not app.get("button") or "sources_apply" not in [b.key for b in app.button]
    assert FileSnapshots(data).head() == 1


def test_applying_after_someone_else_wrote_a_version_changes_nothing(app, data):
    from loaders.__main__ import main

    open_sources(app)
    drop(app, HMT.name, HMT.read_bytes())
    assert main(["import", str(RAW / "ons_ybgb_gdp_deflators.csv"), "--data-dir", str(data)]) == 0  # elsewhere
    app.button(key="sources_apply").click().run()
    assert any("Nothing was changed" in e.value and "it started from version 1" in e.value for e in app.error)
    assert FileSnapshots(data).head() == 2


def test_refresh_offline_fails_each_source_at_once_saying_no_network(app, data, monkeypatch):
    import socket

    def offline(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    open_section(open_sources(app), "Refresh")
    app.multiselect(key="sources_refresh_choice").set_value(["mhclg_council_tax_ctr", "ons_gdp_deflator_ybgb"]).run()
    app.button(key="sources_refresh").click().run()
    assert not app.exception, app.exception
    assert any("This server has no network" in e.value for e in app.error)
    labels = [s.label for s in app.get("status")]
    assert sum(label.endswith(": failed") for label in labels) == 2
    assert FileSnapshots(data).head() == 1
    assert (
        FileSnapshots(data).read_log()["mhclg_council_tax_ctr"]["message"].startswith("SourceUnavailable: no network")
    )


def test_signed_in_people_not_listed_as_administrators_are_turned_away(app, data):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "officer@barking.example.gov.uk"}
    open_sources(app)
    assert any("open to administrators" in i.value for i in app.info)
    assert not app.get("file_uploader")


def test_an_administrator_by_domain_may_import(app, data):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "preferred_username": "analyst@data.example.gov.uk"}
    open_section(open_sources(app), "Import a release")
    assert app.get("file_uploader")
    drop(app, HMT.name, HMT.read_bytes())
    app.button(key="sources_apply").click().run()
    assert FileSnapshots(data).info(2).created_by == "analyst@data.example.gov.uk"
