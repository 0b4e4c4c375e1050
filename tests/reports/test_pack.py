"""The pack's description (kpi.views.pack.build): its numbers are the data command line's, its paragraph the profile's,
every source is listed, gaps are said, council-supplied figures and overdue actions are shown."""

from __future__ import annotations

import io
import math
import subprocess
import sys

import pandas as pd
import pytest

from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.formatting import format_value
from kpi.views import narrative
from kpi.views.pack.build import PackError, PackRequest, build_pack
from kpi.views.pack.inputs import base_sources
from kpi.views.profile import profile
from reports.layout import Para, blocks
from tests.reports.conftest import AS_OF, MADE, OFFICER, ROOT

BARKING = "E09000002"
# Each profile card as the export command asks for it: (metric, extra arguments).
EXPORT_ARGS = {
    "population": ("population", []),
    "csp_cash": ("core_spending_power", []),
    "csp_real": ("core_spending_power", ["--prices", "real"]),
    "csp_per_head": ("core_spending_power", ["--prices", "real", "--per-head"]),
    "reserves": ("reserves_pct_nre", []),
    "debt": ("debt_pct_csp", []),
    "band_d": ("band_d_council_tax", []),
}


def export(metrics: list[str], *extra: str, to: str | None = None) -> pd.DataFrame:
    """`python -m kpi export` for Barking and Dagenham, official figures, as a user runs it."""
    args = ["--area", BARKING, "--from", DEFAULT_BASE_YEAR, "--supplied", "official", *extra]
    args += [a for m in metrics for a in ("--metric", m)] + (["--to", to] if to else [])
    proc = subprocess.run(
        [sys.executable, "-m", "kpi", "export", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return pd.read_csv(io.StringIO(proc.stdout), dtype={"period": str}).dropna(subset=["value"])


@pytest.fixture(scope="module")
def pack(store):
    return build_pack(store, PackRequest(BARKING), made=MADE)


def test_the_headline_numbers_are_those_of_the_export_command(pack):
    rows = {r.key: r for r in pack.headline}
    assert list(rows) == list(EXPORT_ARGS)  # the profile's cards, in order (no FTE without an upload)
    by_basis = {}
    for metric, extra in EXPORT_ARGS.values():
        by_basis.setdefault(tuple(extra), []).append(metric)
    exported = {extra: export(metrics, *extra) for extra, metrics in by_basis.items()}  # one run per basis
    for key, (metric, extra) in EXPORT_ARGS.items():
        frame = exported[tuple(extra)]
        figures = frame[frame["metric_id"] == metric].set_index("period")["value"]
        card, cells = rows[key].card, rows[key].cells()
        assert math.isclose(card.latest_value, figures.iloc[-1], rel_tol=1e-9), key
        assert card.latest_period == figures.index[-1]
        assert math.isclose(card.base_value, figures.loc[card.base_period], rel_tol=1e-9), key
        assert card.base_period == figures.index[0]  # 2010-11, or the first year with data after it
        assert cells[1].startswith(f"{format_value(figures.iloc[-1], card.unit_label)} ({figures.index[-1]}")
        assert cells[2] == f"{format_value(figures.iloc[0], card.unit_label)} ({figures.index[0]})"


def test_population_row_reads_as_on_the_profile(pack):
    row = pack.headline[0]
    assert row.cells()[:4] == (
        "Population (people)",
        "232,747 (2024-25)",
        "182,838 (2010-11)",
        "+49,909 (+27.3%) from 2010-11 to 2024-25; series break in between",
    )
    assert row.band == "context only" and row.median_n == 15


def test_an_end_year_keeps_each_latest_figure_to_that_year(store):
    pack = build_pack(store, PackRequest(BARKING, to="2019-20", measures=("population", "band_d")), made=MADE)
    population, band_d = pack.headline
    figures = export(["population"], to="2019-20").set_index("period")["value"]
    assert population.card.latest_period == "2019-20" and population.card.latest_value == figures.loc["2019-20"]
    assert band_d.card.latest_period == "2019-20"
    assert pack.sections[0].chart is not None and pack.sections[0].view.periods[-1] == "2019-20"
    assert ("Period", "2010-11 to 2019-20") in pack.title.facts


def test_the_paragraph_is_the_profiles(pack, store):
    assert pack.narrative == narrative.paragraph(store, BARKING, since=DEFAULT_BASE_YEAR, group="nearest")
    assert [r.key for r in pack.headline] == [c.spec.key for c in profile(store, BARKING).cards]


def test_the_paragraph_has_the_profiles_note_once(pack):
    assert pack.narrative_note == narrative.NOTE
    assert [b.text for b in blocks(pack, {}) if isinstance(b, Para)].count(narrative.NOTE) == 1


def test_the_title_block_names_council_period_comparators_and_date(pack):
    facts = dict(pack.title.facts)
    assert pack.title.title == "Evidence pack: Barking and Dagenham"
    assert facts["Council"] == "Barking and Dagenham (E09000002), London borough, London"
    assert facts["Comparators"] == "15 nearest neighbours of the same class (ONS 2025 upper-tier model)."
    assert facts["Made"] == "2 February 2026"


def test_every_chart_has_alt_text_and_its_figures_as_a_table(pack):
    for section in pack.sections:
        assert section.chart is not None and section.alt_text.startswith("Line chart: ")
        assert section.summary in section.alt_text
        assert section.table.rows and section.table.columns[:2] == ("Year", "Value")  # one council: no name column


def test_the_appendix_lists_every_source_used(pack, store):
    listed = {row[1] for row in pack.appendix.sources.rows}
    shown = {s.replace(": ", ":", 1).replace(" + ", "+") for sec in pack.sections for s in _column(sec.table, "Source")}
    for source in base_sources(store, sorted(shown)):
        assert source in listed, source
    titles = {row[0] for row in pack.appendix.sources.rows}
    assert store.catalogue.sources.at["ons_gdp_deflator_ybgb", "title"] in titles  # real terms
    assert {"ons_nearest_neighbours_2025", "mysociety_la_lookup", "derived"} <= listed
    assert pack.appendix.attribution[0].startswith("Contains public sector information licensed under the Open")
    assert any("2021-22" in text and text.startswith("Population") for text in pack.appendix.breaks)


def _column(table, name):
    i = table.columns.index(name)
    return [row[i] for row in table.rows]


def test_a_council_with_gaps_says_which_measure_has_no_data(store):
    request = PackRequest("E09000001", measures=("population", "csp_real", "debt", "fte"))
    pack = build_pack(store, request, made=MADE)
    assert [s.key for s in pack.sections] == ["population", "csp_real", "debt", "fte"]  # none silently dropped
    gaps = {s.key: s.gap for s in pack.sections}
    assert gaps["population"] == ""
    for key in ("csp_real", "debt", "fte"):
        assert gaps[key].startswith("No data for City of London on this measure."), key
        row = next(r for r in pack.headline if r.key == key)
        assert row.cells()[1].startswith("No data for City of London on this measure.")
    assert [s.key for s in pack.charts()] == ["population"]


def test_a_council_supplied_figure_is_marked_with_who_and_when(council_data):
    merged, _plan = council_data
    pack = build_pack(merged, PackRequest(BARKING, measures=("population", "fte")), made=MADE)
    fte = pack.headline[1]
    assert fte.council_supplied and fte.cells()[1] == "3,090 (2023-24) – council-supplied"
    assert pack.uploads is not None
    assert pack.uploads.rows == (
        (
            "Staff (full-time equivalent)",
            "2010-11 to 2023-24 (14 years)",
            "1",
            "EXAMPLE_fte_barking_and_dagenham.csv",
            OFFICER,
            "2025-06-30",
            "EXAMPLE figures for testing: not real",
        ),
    )
    assert "council_supplied" in {row[1] for row in pack.appendix.sources.rows}
    assert "(council-supplied)" in " ".join(_column(pack.sections[1].table, "Council"))


def test_the_action_plan_shows_its_overdue_actions_as_of_the_date(council_data):
    merged, plan = council_data
    request = PackRequest(BARKING, measures=("csp_cash", "fte"), as_of=AS_OF)
    pack = build_pack(merged, request, made=MADE, plan=plan)
    assert pack.plan.intro.startswith(f"Version {plan.version} of Barking and Dagenham's action plan")
    overdue = pack.plan.overdue
    assert overdue.caption == "Actions overdue as of 15 January 2026"
    refs = dict(zip(_column(overdue, "Ref"), _column(overdue, "Days overdue")))
    assert refs == {"3": "107"}  # "September 2025", not started: due 30 September 2025
    assert pack.plan.overdue_text.startswith("1 action was overdue as of 15 January 2026")
    assert ("Action plan as of", "15 January 2026") in pack.title.facts
    fte_actions = pack.sections[1].actions
    assert _column(fte_actions, "Ref") == ["3"] and "Publish FTE" in fte_actions.rows[0][1]
    assert _column(pack.sections[0].actions, "Ref") == ["1"]  # linked to core_spending_power


def test_without_a_plan_the_pack_says_so(pack):
    assert pack.plan is None and pack.plan_text == "No action plan for Barking and Dagenham is held in the dashboard."


@pytest.mark.parametrize(
    "request_, message",
    [
        (PackRequest(BARKING, measures=tuple(["population"] * 13)), "up to 12 measures"),
        (PackRequest(BARKING, since="2015-16", to="2012-13"), "before the base year"),
    ],
)
def test_a_pack_that_cannot_be_made_says_why(store, request_, message):
    with pytest.raises(PackError, match=message):
        build_pack(store, request_, made=MADE)


def test_an_unknown_measure_is_refused_with_near_matches(store):
    with pytest.raises(LookupError, match="did you mean"):
        build_pack(store, PackRequest(BARKING, measures=("csp_reel",)), made=MADE)


def test_a_plan_with_no_due_dates_is_said_so_in_the_pack(council_data):
    """Every deadline N/A or TBC: the pack's plan part says the plan has no due dates, with no overdue table."""
    from kpi.views.pack.plan import PlanInput, plan_part

    merged, plan = council_data
    undated = plan.actions.assign(deadline_text="TBC", due_date="")
    part, _ = plan_part(PlanInput(undated, plan.version, plan.saved_at, plan.saved_by), "Barking and Dagenham", AS_OF)
    assert part.overdue is None
    assert part.overdue_text.startswith("The plan has no due dates")
    assert part.counts.columns == ("Status", "Actions")
