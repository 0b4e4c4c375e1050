"""Reorganisation options: rows checked whole, figures added up by the reorganisation rules, council tax harmonised.

The worked examples use Worcestershire County Council (E10000034) and its six districts, with the snapshot's figures
(data/observations.csv; Band D and tax base from the CTR Table 9 2023-24 return, tests/fixtures/raw), by hand."""

from __future__ import annotations

import math

import pytest

from kpi.calc.options.council_tax import harmonise
from kpi.calc.options.model import Option, OptionSet, Part, Proposed, area_councils, findings
from kpi.calc.options.rows import OptionsRefused, read_rows, to_rows
from kpi.calc.options.sums import sums

COUNTY = "E10000034"  # Worcestershire
BROMSGROVE, MALVERN, REDDITCH, WORCESTER, WYCHAVON, WYRE_FOREST = (f"E0700023{i}" for i in range(4, 10))
NORTH = (COUNTY, BROMSGROVE, REDDITCH, WYRE_FOREST)
SOUTH = (COUNTY, MALVERN, WORCESTER, WYCHAVON)


def rows(*groups, share=None):
    """Rows of (option, proposed council, codes...), numbered as in a file (header = row 1)."""
    out = []
    for option, proposed, codes in groups:
        for code in codes:
            out.append({"option": option, "proposed_council": proposed, "area_code": code, "row": len(out) + 2})
            if share and share.get(code):
                out[-1]["share"] = share[code].pop(0)
    return out


def two(store, **kw):
    return read_rows(store.catalogue, rows(("Two", "North", NORTH), ("Two", "South", SOUTH), **kw))


def figure(found, proposed, metric):
    return next(f for f in found if f.proposed == proposed and f.metric_id == metric)


def test_rows_become_an_option_set_and_back(store):
    options = two(store)
    assert [p.name for p in options.options[0].proposed] == ["North", "South"]
    assert options.options[0].proposed[0].codes == NORTH
    assert all(p.share is None for _, prop in options.proposed for p in prop.parts)
    again = read_rows(store.catalogue, [{**r, "row": i} for i, r in enumerate(to_rows(options), 2)])
    assert again == options


def test_a_bad_file_is_refused_whole_with_each_row_and_reason(store):
    bad = rows(("A", "X", (BROMSGROVE, "E99999999", "E07000205")), ("", "Y", (MALVERN,)))
    bad[0]["share"] = "50"
    with pytest.raises(OptionsRefused) as refused:
        read_rows(store.catalogue, bad)
    found = {(p.row, p.column): p.expected for p in refused.value.problems}
    assert "a district" in found[(2, "share")]
    assert "current council" in found[(3, "area_code")]
    assert "ended on 2019-03-31 (now East Suffolk)" in found[(4, "area_code")]  # Suffolk Coastal
    assert found[(5, "option")] == "a name for the option"


def test_a_shared_county_needs_shares_on_every_row_adding_up_to_100(store):
    with pytest.raises(OptionsRefused, match="refused") as refused:
        two(store, share={COUNTY: ["40"]})
    assert "a share on every row of Worcestershire" in refused.value.problems[0].expected
    with pytest.raises(OptionsRefused) as refused:
        two(store, share={COUNTY: ["40", "50"]})
    assert refused.value.problems[0].expected == "shares of Worcestershire in 'Two' adding up to 100%"
    assert two(store, share={COUNTY: ["40", "60%"]}).options[0].proposed[1].parts[0] == Part(COUNTY, 60.0)


def test_more_than_five_options_are_refused(store):
    many = rows(*((f"O{i}", "X", (REDDITCH,)) for i in range(6)))
    with pytest.raises(OptionsRefused) as refused:
        read_rows(store.catalogue, many)
    assert [(p.row, p.expected) for p in refused.value.problems] == [(7, "at most 5 options")]


def test_left_out_and_counted_twice_are_named_not_dropped(store):
    options = read_rows(
        store.catalogue, rows(("A", "North", NORTH), ("A", "South", (COUNTY, MALVERN, WORCESTER, REDDITCH)))
    )
    assert set(area_councils(store.catalogue, options)) == {*NORTH, *SOUTH}
    said = [f.text for f in findings(store.catalogue, options)]
    assert "Left out of every proposed council: Wychavon." in said
    assert "Redditch is in North and South: its figures are counted in each." in said
    north, south = (figure(sums(store, options), p, "council_tax_base") for p in ("North", "South"))
    assert "Redditch" in north.notes and "Redditch (whole, though it is in more than one" in south.notes
    assert south.status == "budget"  # counted whole in each, as the finding says: not an estimate
    alone = OptionSet(options=(Option("C", (Proposed("County", (Part(COUNTY),)),)),))
    assert (
        figure(sums(store, alone), "County", "population").reason
        == "a county's area is its districts', and it holds none"
    )


def test_population_adds_districts_never_the_county(store):
    # mid-2024: Bromsgrove 101,685 + Redditch 87,847 + Wyre Forest 103,913 = 293,445
    north = figure(sums(store, two(store)), "North", "population")
    assert (north.period, north.value) == ("2024-25", 293_445)
    assert north.notes == "Bromsgrove + Redditch + Wyre Forest"


def test_a_shared_county_flow_goes_by_its_districts_population(store):
    # Core spending power 2020-21 (final settlement): Bromsgrove £12.07m, Redditch £9.67m, Wyre Forest £10.73m,
    # Worcestershire £380.17m. Mid-2020 population: the north's districts 100,569 + 85,568 + 101,139 = 287,276 of
    # the county's districts' 598,070 (with Malvern Hills 79,445, Worcester 100,265, Wychavon 131,084): 48.03%.
    # North: 32.47m + 380.17m x 287,276 / 598,070 = £215,080,257.86.
    north = figure(sums(store, two(store)), "North", "core_spending_power")
    assert north.period == "2020-21" and north.status == "estimated"
    assert north.value == pytest.approx(32_470_000 + 380_170_000 * 287_276 / 598_070)
    assert "Worcestershire x 48.0% (the share of its districts' population here, mid-2020)" in north.notes
    assert "ons_mye_2011_based" in north.sources


def test_a_shared_county_balance_is_a_gap_with_the_reason_unless_shares_are_stated(store):
    north = figure(sums(store, two(store)), "North", "non_ringfenced_reserves")
    assert math.isnan(north.value) and "divided by agreement, not by population" in north.reason
    # Stated shares: reserves at 31 March 2024 (RS 2023-24): Bromsgrove £8.199m + Redditch £0.443m + Wyre Forest
    # £22.657m + Worcestershire £89.069m x 40% = £66,926,600.
    stated = figure(sums(store, two(store, share={COUNTY: ["40", "60"]})), "North", "non_ringfenced_reserves")
    assert stated.value == pytest.approx(8_199_000 + 443_000 + 22_657_000 + 89_069_000 * 0.4)
    assert "Worcestershire x 40% (share stated in the option)" in stated.notes


def test_a_unitary_shared_by_stated_shares_brings_that_share_of_everything(store):
    options = OptionSet(
        options=(Option("U", (Proposed("A", (Part("E06000019", 25.0),)), Proposed("B", (Part("E06000019", 75.0),)))),)
    )  # Herefordshire, split 25/75 for the test
    whole = figure(
        sums(store, OptionSet(options=(Option("W", (Proposed("W", (Part("E06000019"),)),)),))), "W", "total_debt"
    )
    part = figure(sums(store, options), "A", "total_debt")
    assert part.value == pytest.approx(whole.value * 0.25) and part.status == "estimated"


def test_each_measure_is_taken_in_the_latest_year_every_council_has(store):
    years = {f.metric_id: f.period for f in sums(store, two(store))}
    assert years == {
        "population": "2024-25",
        "core_spending_power": "2020-21",
        "net_revenue_expenditure": "2023-24",
        "non_ringfenced_reserves": "2023-24",
        "total_debt": "2019-20",
        "council_tax_requirement": "2023-24",
        "council_tax_base": "2023-24",
    }


def test_harmonisation_sums_worked_by_hand_from_the_ctr_returns(store):
    # CTR 2023-24, Band D excluding parish precepts and tax base (Band D equivalents):
    #   Worcestershire County Council 1,465.78 (the county element, the same in every district);
    #   Bromsgrove   242.74 + 1,465.78 = 1,708.52, tax base 37,919.5
    #   Redditch     261.75 + 1,465.78 = 1,727.53, tax base 26,305.0
    #   Wyre Forest  236.21 + 1,465.78 = 1,701.99, tax base 34,738.0
    # Lowest 1,701.99 (Wyre Forest), highest 1,727.53 (Redditch): spread 25.54.
    # To the lowest:  37,919.5 x (1,701.99 - 1,708.52) + 26,305 x (1,701.99 - 1,727.53) + 0
    #              = -247,614.335 - 671,829.70 = -919,444.035 (£919,444 less a year).
    # To the highest: 37,919.5 x 19.01 + 0 + 34,738 x 25.54 = 720,849.695 + 887,208.52 = 1,608,058.215.
    # Weighted average: (64,786,224.14 + 45,442,676.65 + 59,123,728.62) / 98,962.5 = 169,352,629.41 / 98,962.5
    #                 = 1,711.2808; harmonising to it changes the total by nothing.
    north = next(h for h in harmonise(store, two(store)) if h.proposed == "North")
    assert north.period == "2023-24" and not north.reason
    assert {p.name: (p.band_d, p.tax_base) for p in north.parts} == {
        "Bromsgrove": (1708.52, 37_919.5),
        "Redditch": (1727.53, 26_305.0),
        "Wyre Forest": (1701.99, 34_738.0),
    }
    assert north.spread == 25.54
    assert north.targets["lowest"] == 1701.99 and north.targets["highest"] == 1727.53
    assert north.targets["average"] == pytest.approx(169_352_629.41 / 98_962.5)
    assert north.change("lowest") == pytest.approx(-919_444.035)
    assert north.change("highest") == pytest.approx(1_608_058.215)
    assert north.change("average") == pytest.approx(0, abs=1e-6)


def test_a_unitary_part_brings_its_own_band_d_and_a_county_only_council_none(store):
    # Herefordshire (unitary) 2023-24: its own Band D, no county element.
    options = OptionSet(
        options=(Option("H", (Proposed("H", (Part("E06000019"), Part(REDDITCH))), Proposed("C", (Part(COUNTY),)))),)
    )
    found = {h.proposed: h for h in harmonise(store, options)}
    hereford = next(p for p in found["H"].parts if p.code == "E06000019")
    assert hereford.county == 0 and hereford.band_d == hereford.own
    assert found["C"].reason == "it holds no district or unitary, and only they set a Band D"
