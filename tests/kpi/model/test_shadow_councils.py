"""Councils declared in reorganisations.csv: East and West Surrey, shadow councils until 1 April 2027, with their
history formed from their predecessors exactly as Somerset's is, and the day taken from the caller."""

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from kpi.calc.comparators import ENGLAND, NEAREST, SAME_REGION, SAME_TYPE, comparator_set, comparators
from kpi.core import schema as S
from kpi.core import successors
from kpi.core.catalogue import Catalogue
from kpi.model import reorganisations as R
from kpi.model.store import Store, read_observations
from kpi.storage.snapshots import frame_bytes
from tests.kpi.model.test_reorganisations import row

EAST, WEST, SURREY = "E06X00001", "E06X00002", "E10000030"
EAST_DISTRICTS = ("E07000207", "E07000208", "E07000210", "E07000211", "E07000215")
WEST_DISTRICTS = ("E07000209", "E07000212", "E07000213", "E07000214", "E07000216", "E07000217")
BEFORE, ON_THE_DAY = dt.date(2026, 12, 7), dt.date(2027, 4, 1)
S_ROOT = Path(__file__).resolve().parents[3]


def catalogue_on(day, data_dir):
    return Catalogue.from_dir(data_dir, today=day)


def test_the_order_makes_two_unitaries_that_share_surrey(store):
    plans = {p.successor: p for p in R.plans(store.catalogue.areas.reset_index(drop=True))}
    east, west = plans[EAST], plans[WEST]
    assert east.vesting == west.vesting == "2027-04-01" and east.first_period == "2027-28"
    assert set(east.councils) == set(EAST_DISTRICTS) and set(west.councils) == set(WEST_DISTRICTS)
    assert [(s.county, s.part, s.share) for s in east.splits] == [(SURREY, (EAST,), None)]  # by population
    area = store.catalogue.area(WEST)
    assert (area["area_type"], area["region"], area["start_date"], area["current"]) == (
        "unitary",
        "South East",
        "2027-04-01",
        True,
    )
    assert "Surrey (Structural Changes) Order 2026 (SI 2026/264)" in store.catalogue.successors[WEST].order


def test_a_shadow_council_until_vesting_day_and_its_predecessors_current_until_then():
    data = S_ROOT / "data"
    before, after = catalogue_on(BEFORE, data), catalogue_on(ON_THE_DAY, data)
    assert before.status_label(EAST) == "shadow council, takes over on 1 April 2027"
    assert after.status_label(EAST) == ""
    for code in (SURREY, *EAST_DISTRICTS):
        assert before.area(code)["current"] and before.area(code)["end_date"] == "2027-03-31"
        assert not after.area(code)["current"]
    assert catalogue_on(dt.date(2027, 3, 31), data).area(SURREY)["current"]  # its last day
    assert before.area(SURREY)["successor_codes"] == f"{EAST};{WEST}"
    assert EAST in before.current_codes and EAST not in before.operating_codes
    assert EAST in after.operating_codes and SURREY not in after.current_codes


def test_west_surrey_population_is_its_six_districts_added_up(store):
    obs = read_observations(S_ROOT / "data" / "observations.csv")
    mine = obs[obs[S.AREA_CODE].isin(WEST_DISTRICTS) & (obs[S.METRIC_ID] == "population")]
    mid_2023 = mine[mine[S.PERIOD] == "2023-24"]
    assert len(mid_2023) == 6 and set(mid_2023[S.SOURCE_ID]) == {"ons_mye_2021_based"}
    west = row(store, "population", WEST, "2023-24")
    assert west[S.VALUE] == mid_2023[S.VALUE].sum() and west[S.SOURCE_ID] == "combined:ons_mye_2021_based"
    assert west[S.NOTES].startswith("predecessor councils combined: Guildford Borough Council, Runnymede")


def test_surrey_county_council_is_shared_by_population_and_its_balances_not_at_all(store):
    power = row(store, "core_spending_power", EAST, "2019-20")
    people = {c: row(store, "population", c, "2019-20")[S.VALUE] for c in (EAST, WEST)}
    share = people[EAST] / (people[EAST] + people[WEST])
    districts = sum(row(store, "core_spending_power", c, "2019-20")[S.VALUE] for c in EAST_DISTRICTS)
    county = row(store, "core_spending_power", SURREY, "2019-20")[S.VALUE]
    assert power[S.VALUE] == pytest.approx(districts + county * share)
    assert power[S.STATUS] == S.ESTIMATED
    assert f"county share apportioned by population: Surrey County Council x {share * 100:.1f}%" in power[S.NOTES]
    assert store.series("total_debt", [EAST]).empty
    gaps = R.gaps(store.observations, store.catalogue)
    debt = gaps[(gaps[S.AREA_CODE] == EAST) & (gaps[S.METRIC_ID] == "total_debt")][R.REASON]
    assert debt.str.startswith("East Surrey takes over on 1 April 2027 from other councils;").all() and len(debt)
    assert "by agreement, not by population" in debt.iloc[0]


def test_the_history_note_says_the_council_has_not_taken_over_yet(store):
    note = R.history_note(store.catalogue, EAST)
    assert note.startswith("East Surrey takes over on 1 April 2027: figures before then are its predecessor")
    assert "shared by population (estimated)" in note


def test_a_stated_share_replaces_the_population_share(store):
    table = store.catalogue.reorganisations.copy()
    county = table["predecessor_code"] == SURREY
    table.loc[county, "county_share"] = ["40", "60%"]  # East Surrey, then West Surrey
    cat = Catalogue(*_frames(), reorganisations=table)
    official = store.observations[~store.observations[S.SOURCE_ID].str.contains(":", regex=False)]
    rows, _ = R.combine(official, cat)
    east = rows[(rows[S.AREA_CODE] == EAST) & (rows[S.METRIC_ID] == "core_spending_power")]
    east = east.set_index(S.PERIOD).loc["2019-20"]
    districts = sum(row(store, "core_spending_power", c, "2019-20")[S.VALUE] for c in EAST_DISTRICTS)
    county_figure = row(store, "core_spending_power", SURREY, "2019-20")[S.VALUE]
    assert east[S.VALUE] == pytest.approx(districts + county_figure * 0.4)
    assert east[S.NOTES].endswith("; county share as stated in reorganisations.csv: Surrey County Council x 40.0%")
    assert "shared as stated in reorganisations.csv" in R.history_note(cat, WEST)


def _frames():
    data = S_ROOT / "data"
    areas = pd.read_csv(data / "areas.csv", dtype=str, keep_default_na=False)
    areas["current"] = areas["current"] == "true"
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    metrics = pd.read_csv(data / "metrics.csv", dtype=str, keep_default_na=False)
    return areas, metrics, sources.assign(priority=sources["priority"].astype(int))


def test_laying_the_rows_over_twice_changes_nothing(store):
    once = store.catalogue.areas.reset_index(drop=True)
    twice = successors.overlay(once, store.catalogue.reorganisations)
    pd.testing.assert_frame_equal(twice, once)


def test_a_new_council_has_no_nearest_neighbours_and_gets_its_type_by_default(store):
    found = comparator_set(store, EAST, NEAREST)
    assert found.group.kind == SAME_TYPE and not found.model
    assert found.label.startswith("6") and found.label.endswith(" other unitary authorities")
    assert found.note.startswith("The ONS 2025 nearest-neighbour model has no row for East Surrey, a council formed")
    assert set(found.codes) == set(comparators(store, EAST, SAME_TYPE))
    assert WEST not in found.codes  # a shadow council is nobody's comparator until it takes over


def test_shadow_councils_join_no_other_councils_group(store):
    for group in (SAME_TYPE, SAME_REGION, ENGLAND):
        assert not {EAST, WEST} & set(comparators(store, "E06000036", group))  # Bracknell Forest, a unitary


def test_a_store_of_the_snapshot_as_of_a_day():
    snapshot_dir = S_ROOT / "data"
    assert Store.load(snapshot_dir, today=ON_THE_DAY).catalogue.status_label(WEST) == ""
    assert Store.load(snapshot_dir).catalogue.status_label(WEST).startswith("shadow council")


def test_provisional_codes_are_marked_in_pickers(store):
    label = successors.area_label(store.catalogue.area(EAST), store.catalogue.status_label(EAST))
    assert label == "East Surrey (E06X00001, provisional code) – shadow council, takes over on 1 April 2027"
    assert successors.area_label(store.catalogue.area("E10000006")) == "Cumbria (E10000006) – abolished 2023"


def test_the_bundled_file_is_what_an_import_writes(store):
    raw = (S_ROOT / "data" / "reorganisations.csv").read_bytes()
    assert frame_bytes(successors.read_table(io.BytesIO(raw))) == raw


def test_a_catalogues_reorganisations_are_worked_out_once_for_all_its_notes(store, monkeypatch):
    import weakref

    monkeypatch.setattr(R, "_PLANS", weakref.WeakKeyDictionary())
    made, real = [], R.plans
    monkeypatch.setattr(R, "plans", lambda *a: made.append(1) or real(*a))
    first = R.history_note(store.catalogue, EAST)
    assert R.history_note(store.catalogue, EAST) == first and R.history_note(store.catalogue, WEST)
    assert R.history_note(store.catalogue, "E09000002") == "" and len(made) == 1
    other = Catalogue(*_frames(), reorganisations=store.catalogue.reorganisations)  # another: works out its own
    assert R.history_note(other, EAST) and len(made) == 2
