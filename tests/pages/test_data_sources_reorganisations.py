"""Reorganisations on the Data sources page through AppTest: a file with a mistake in each column is refused row by
row and changes nothing; a good one is previewed, applied as a snapshot version and rolled back, leaving the snapshot
as it was, byte for byte; a provisional code is recoded when ONS issues the council's code."""

from __future__ import annotations

import hashlib

import pytest

from kpi.core.successors import COLUMNS
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshots import SNAPSHOT_FILES
from loaders.__main__ import main
from tests.loaders.test_reorganisation_commands import BAD, GOOD, east_surrey_figure_and_plan
from tests.pages.helpers import dataframe_with
from tests.pages.test_data_sources import open_section, open_sources

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture
def data(data_copy, monkeypatch, db_url):
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    return data_copy


def drop(app, name: str, content: bytes):
    if app.session_state["section"] != "Reorganisations":
        open_section(app, "Reorganisations")
    key = f"reorganisation_file_{app.session_state['reorganisation_round']}"
    app.file_uploader(key=key).set_value((name, content, "text/csv")).run()
    assert not app.exception, app.exception
    return app


def hashes(data, version: int) -> dict[str, str]:
    folder = FileSnapshots(data).folder(version)
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in SNAPSHOT_FILES}


def test_the_page_lists_the_reorganisations_the_snapshot_holds(app, data):
    open_section(open_sources(app), "Reorganisations")
    assert [h.value for h in app.header] == ["Reorganisations"]
    held = dataframe_with(app, "predecessor")
    assert set(held["successor_name"]) == {"East Surrey", "West Surrey"}
    assert "Surrey (E10000030)" in set(held["predecessor"]) and set(held["county_share"]) == {"", "population"}


def test_a_file_with_a_mistake_in_each_column_is_refused_row_by_row(app, data):
    before = hashes(data, 1)
    open_sources(app)
    drop(app, "bad.csv", BAD.encode())
    problems = dataframe_with(app, "reason")
    assert set(problems["column"]) == set(COLUMNS)  # a mistake in each column, each on its row
    assert sorted(set(problems["row"])) == list(range(2, 10))
    assert "so nothing was written" in app.error[0].value
    assert "reorganisation_apply" not in [b.key for b in app.button]
    assert FileSnapshots(data).head() == 1 and hashes(data, 1) == before and not (data / "versions").exists()


def test_a_good_file_applied_and_rolled_back_leaves_the_snapshot_byte_for_byte(app, data):
    before = hashes(data, 1)
    open_sources(app)
    drop(app, "kent.csv", GOOD.read_bytes())
    shown = " ".join(m.value for m in app.markdown)
    assert "E06X00004 EXAMPLE East Kent (unitary), takes over on 2028-04-01, new" in shown
    app.button(key="reorganisation_apply").click().run()
    assert not app.exception, app.exception
    assert any("as snapshot version 2" in s.value for s in app.success)
    assert FileSnapshots(data).head() == 2 and hashes(data, 2) != before
    assert "EXAMPLE East Kent" in set(dataframe_with(app, "predecessor")["successor_name"])
    open_section(app, "Versions")
    app.button(key="sources_rollback").click().run()
    assert not app.exception, app.exception
    assert FileSnapshots(data).head() == 3 and hashes(data, 3) == before


def test_recoding_moves_the_council_its_figures_and_its_plan(app, data, db_url):
    figures, plans = east_surrey_figure_and_plan(data, db_url)
    open_section(open_sources(app), "Reorganisations")
    assert app.selectbox(key="recode_from").options == ["East Surrey (E06X00001)", "West Surrey (E06X00002)"]
    app.selectbox(key="recode_from").set_value("E06X00001")
    app.text_input(key="recode_to").input("e06000099").run()
    app.button(key="recode_apply").click().run()
    assert not app.exception, app.exception
    assert any("Recoded East Surrey: wrote snapshot version 2" in s.value for s in app.success)
    assert figures.current_observations()["area_code"].tolist() == ["E06000099"]
    assert plans.current_actions("E06000099")["action"].tolist() == ["Example action"]
    assert app.selectbox(key="recode_from").options == ["West Surrey (E06X00002)"]


def test_an_old_link_with_the_provisional_code_opens_the_recoded_council(app, data, capsys):
    assert main(["reorganisation", "recode", "E06X00001", "E06000099"]) == 0
    app.query_params["area"] = "E06X00001"
    app.run()
    assert not app.exception and app.session_state["area"] == "E06000099"
    assert app.title[0].value == "Council profile: East Surrey" and not app.info[0].value.startswith("The council")
