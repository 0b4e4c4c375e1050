"""`python -m loaders reorganisation import|recode` against a copy of data/: a file with a mistake in each column is
refused row by row and changes nothing; a good one is a new snapshot version that a rollback undoes byte for byte; a
recode moves the council, its council-supplied figures and its action plan to the code ONS issued, losing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.model.store import Store
from kpi.officers.figures.read import parse_upload
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshots import SNAPSHOT_FILES
from loaders.__main__ import main
from tests.loaders.test_commands import fingerprint

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "reorganisations" / "EXAMPLE_kent.csv"  # two made-up councils, labelled so
HEADER = "successor_code,successor_name,successor_type,vesting_day,predecessor_code,county_share,provisional_code,order"
ORDER = "EXAMPLE ONLY: not a made order"
BAD = f"""{HEADER}
E06Y00003,EXAMPLE Mid Kent,unitary,2028-04-01,E07000110,,,{ORDER}
E06X00003,,unitary,2028-04-01,E07000111,,,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitaryish,2028-04-01,E07000112,,,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitary,1 April 2028,E07000113,,,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitary,2028-04-01,E07000026,,,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitary,2028-04-01,E10000016,55,,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitary,2028-04-01,E07000114,,E06X00001,{ORDER}
E06X00003,EXAMPLE Mid Kent,unitary,2028-04-01,E07000115,,,
"""
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
CATALOGUE = Catalogue.from_dir
PLAN = pd.DataFrame(
    {
        "ref": ["1"],
        "recommendation": ["Example recommendation"],
        "action": ["Example action"],
        "deadline_text": ["March 2027"],
        "due_date": ["2027-03-31"],
        "status_text": ["Ongoing"],
        "status": ["Ongoing"],
        "metric_ids": ["fte"],
    }
)


@pytest.fixture
def data(data_copy, monkeypatch, db_url):
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    return data_copy


def test_a_file_with_a_mistake_in_each_column_is_refused_row_by_row(data, tmp_path, capsys):
    before = fingerprint(data)
    (tmp_path / "bad.csv").write_text(BAD)
    assert main(["reorganisation", "import", str(tmp_path / "bad.csv")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "refused: row 2, successor_code 'E06Y00003': expected an ONS GSS code (such as E09000002) or a provisional "
        "code (such as E06X00001)"
    )
    assert "refused: row 3, successor_name '': give the new council's name" in err
    assert any(line.startswith("refused: row 4, successor_type 'unitaryish': expected one of unitary") for line in err)
    assert any(line.startswith("refused: row 5, vesting_day '1 April 2028': expected the day") for line in err)
    assert (
        "refused: row 6, predecessor_code 'E07000026': Allerdale Borough Council (E07000026) was abolished: its last "
        "day was 31 March 2023"
    ) in err
    assert any(
        line.startswith("refused: row 7, county_share '55': Kent County Council (E10000016)'s shares add up to 55%")
        for line in err
    )
    assert any(line.startswith("refused: row 7, predecessor_code 'E10000016': Kent County Council") for line in err)
    assert any(line.startswith("refused: row 8, provisional_code 'E06X00001'") for line in err)
    assert any(line.startswith("refused: row 9, order '': cite the order") for line in err)
    assert err[-1].endswith("problem(s); nothing was changed")
    assert fingerprint(data) == before


@pytest.mark.parametrize(
    "rows, reason",
    [
        ("E06X00003,EXAMPLE A,unitary,2028-04-01,E07000209,,,x", "is a predecessor of West Surrey (E06X00002) too"),
        (
            "E06X00002,West Surrey,unitary,2028-04-01,E07000209,,,x\nE06X00002,West Surrey,unitary,2028-04-01,"
            "E10000030,,,x",
            "Surrey County Council (E10000030) is shared with different vesting days",
        ),
        ("E06X00003,EXAMPLE A,unitary,2028-04-01,E06000066,,,x\n", None),
        ("E06X00003,EXAMPLE A,unitary,2020-04-01,E06000066,,,x", "begins on 1 April 2023, not before vesting day"),
        (",EXAMPLE A,unitary,2028-04-01,E07000110,,,x", "a provisional code: E06X00003"),
        ("E06000066,EXAMPLE A,unitary,2028-04-01,E07000110,,,x", "is already the code of Somerset Council"),
    ],
)
def test_councils_in_two_successors_and_overlapping_dates_are_refused(data, tmp_path, capsys, rows, reason):
    (tmp_path / "r.csv").write_text(f"{HEADER}\n{rows}\n")
    code = main(["reorganisation", "import", str(tmp_path / "r.csv")])
    if reason is None:  # a unitary taken over whole by another: nothing wrong with the file
        assert code == 0
        return
    assert code == 1 and reason in capsys.readouterr().err and FileSnapshots(data).head() == 1


def test_a_good_file_is_a_version_and_a_rollback_restores_the_snapshot_byte_for_byte(data, capsys):
    before = fingerprint(data)
    assert main(["reorganisation", "import", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "E06X00004 EXAMPLE East Kent (unitary), takes over on 2028-04-01, new" in out
    assert "shared: E10000016 45%" in out and "wrote snapshot version 2" in out
    east = Store.load(data).series("core_spending_power", ["E06X00004"]).set_index(S.PERIOD).loc["2019-20"]
    assert "county share as stated in reorganisations.csv: Kent County Council x 45.0%" in east[S.NOTES]
    assert main(["reorganisation", "import", str(GOOD)]) == 0  # again: nothing to apply
    assert "nothing to apply" in capsys.readouterr().out and FileSnapshots(data).head() == 2
    assert main(["rollback"]) == 0
    restored = fingerprint(FileSnapshots(data).folder(3))
    assert {n: restored[n] for n in SNAPSHOT_FILES} == {n: before[n] for n in SNAPSHOT_FILES}


def east_surrey_figure_and_plan(data: Path, db_url: str) -> tuple[FigureStore, PlanStore]:
    """An officer's FTE figure and action plan for East Surrey while it has its provisional code."""
    parsed = parse_upload(b"area_code,metric_id,period,value\nE06X00001,fte,2026-27,4100\n", "fte.csv", CATALOGUE(data))
    figures, plans = FigureStore.open(db_url), PlanStore.open(db_url)
    figures.write_upload(parsed.rows, who="officer@example.gov.uk", file_name="fte.csv", sha256="ab", now=NOW)
    plans.write_actions("E06X00001", PLAN, who="officer@example.gov.uk", kind="import", now=NOW)
    return figures, plans


def test_recode_moves_the_council_its_figures_and_its_plan_to_the_ons_code(data, db_url, capsys):
    store = Store.load(data)
    figures, plans = east_surrey_figure_and_plan(data, db_url)
    plans.write_actions(
        "E06X00001", PLAN.assign(status="Completed"), who="officer@example.gov.uk", kind="edit", now=NOW
    )
    assert main(["reorganisation", "recode", "E06X00001", "E06000099"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "wrote snapshot version 2: E06X00001 is now E06000099"
    assert out[1:] == [
        "Saved as version 4: 1 figure(s) moved from E06X00001 to E06000099.",  # versions 2 and 3: the plan
        "The action plan's 2 version(s) moved from E06X00001 to E06000099.",
    ]
    after = Store.load(data)
    assert after.catalogue.resolve_area("E06X00001") == "E06000099"  # old links still open the council
    assert after.catalogue.area("E06000099")["former_codes"] == "E06X00001"
    assert after.catalogue.area("E10000030")["successor_codes"] == "E06000099;E06X00002"
    mine = after.series("population", ["E06000099"])
    assert len(mine) == len(store.series("population", ["E06X00001"])) and "E06X00001" not in set(
        after.best[S.AREA_CODE]
    )
    moved = figures.current_observations()
    assert moved[[S.AREA_CODE, S.VALUE]].values.tolist() == [["E06000099", 4100.0]]
    assert figures.observations_at(1)[S.AREA_CODE].tolist() == ["E06X00001"]  # the old version, as it was
    assert plans.current_actions("E06000099")["status"].tolist() == ["Completed"]
    assert len(plans.versions("E06000099")) == 2 and len(plans.versions("E06X00001")) == 2
    assert main(["reorganisation", "recode", "E06X00001", "E06000099"]) == 0  # again: every step done already
    assert "already" in capsys.readouterr().out


REFUSED_RECODES = {
    "E06X00009 E06000099": "no council in reorganisations.csv has the provisional code E06X00009",
    "E06X00001 E06X00003": "is not an ONS GSS code",
    "E06X00001 E06000066": "E06000066 is already the code of Somerset",
    "E06X00001 E07000999": "E07000999 is not a code for a unitary",
}


@pytest.mark.parametrize("codes, reason", REFUSED_RECODES.items())
def test_a_recode_that_cannot_be_is_refused_and_changes_nothing(data, capsys, codes, reason):
    before = fingerprint(data)
    assert main(["reorganisation", "recode", *codes.split()]) == 1
    assert reason in capsys.readouterr().err and fingerprint(data) == before


def test_a_release_naming_a_new_council_is_read_before_and_after_its_recode(data, capsys):
    from tests.loaders.sources.test_csp_and_qpses import qpses_workbook  # example values, labelled so

    release = data.parent / "QPSES 2030 Q1.xlsx"
    release.write_bytes(qpses_workbook("East Surrey"))
    assert main(["import", str(release)]) == 0
    assert Store.load(data).series("fte", ["E06X00001"]).set_index(S.PERIOD).at["2029-30", S.VALUE] == 800.5
    assert main(["reorganisation", "recode", "E06X00001", "E06000099"]) == 0
    release.write_bytes(qpses_workbook("Barking and Dagenham", "East Surrey"))
    assert main(["import", str(release)]) == 0
    fte = Store.load(data).series("fte", ["E06000099"]).set_index(S.PERIOD)
    assert fte.at["2029-30", S.VALUE] == 801.5 and "names matched to no council" not in capsys.readouterr().out
