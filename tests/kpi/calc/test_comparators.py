"""Comparator groups compare like with like: only councils of the chosen council's class of functions."""

import csv
from pathlib import Path

from kpi.calc.bands import band
from kpi.calc.comparable import comparable, not_comparable_note
from kpi.calc.comparators import (
    CUSTOM,
    ENGLAND,
    NEAREST,
    NONE,
    SAME_REGION,
    SAME_TYPE,
    ComparatorGroup,
    comparator_set,
    comparators,
)
from kpi.core import schema as S

BD, REDDITCH, CITY, KENT = "E09000002", "E07000236", "E09000001", "E10000016"
NEIGHBOURS = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "candidates"
    / "ons-nearest-neighbours-2025"
    / "ons_statistical_nearest_neighbours_2025_top20.csv"
)


def ons_list(tier: str, code: str) -> list[tuple[int, str]]:
    """(rank, neighbour code) as the ONS workbook extract gives them."""
    with NEIGHBOURS.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["tier"] == tier and r["la_code"] == code]
    return sorted((int(r["rank"]), r["neighbour_code"]) for r in rows)


def classes(store, codes):
    return {store.catalogue.area_class(c) for c in codes}


def test_a_london_boroughs_neighbours_come_from_the_upper_tier_model_in_rank_order(store):
    found = comparator_set(store, BD, NEAREST)
    expected = [(rank, code) for rank, code in ons_list("upper_tier", BD)][:15]
    assert list(zip(found.ranks, found.codes)) == expected  # all 15 first upper-tier neighbours are single-tier
    assert [store.catalogue.area_name(c) for c in found.codes[:3]] == ["Luton", "Newham", "Sandwell"]
    assert found.model == "upper_tier"
    assert found.label == "15 nearest neighbours of the same class (ONS 2025 upper-tier model)"


def test_barking_and_dagenham_is_compared_with_no_district_in_any_group(store):
    for group in (NEAREST, SAME_TYPE, SAME_REGION, ENGLAND):
        codes = comparators(store, BD, group)
        assert codes and BD not in codes
        assert "shire_district" not in {store.catalogue.area_type(c) for c in codes}, group
        assert classes(store, codes) == {"single_tier"}, group
    assert "E07000073" not in comparators(store, BD, NEAREST)  # Harlow, in its lower-tier list


def test_redditch_is_compared_only_with_shire_districts(store):
    found = comparator_set(store, REDDITCH, NEAREST)
    districts = [(rank, code) for rank, code in ons_list("lower_tier", REDDITCH) if code.startswith("E07")]
    assert list(zip(found.ranks, found.codes)) == districts  # ranks 7, 15, 16, 18, 19, 20
    assert found.model == "lower_tier" and len(found.codes) == 6
    assert found.label == "6 nearest neighbours of the same class (ONS 2025 lower-tier model)"
    assert found.note.startswith("Only 6 of Redditch's 20 ONS nearest neighbours are shire districts")
    for group in (SAME_TYPE, SAME_REGION, ENGLAND):
        assert classes(store, comparators(store, REDDITCH, group)) == {"shire_district"}, group


def test_counties_use_upper_tier_neighbours_and_keep_counties(store):
    found = comparator_set(store, KENT, NEAREST)
    counties = [code for _rank, code in ons_list("upper_tier", KENT) if code.startswith("E10")]
    assert list(found.codes) == counties[:15] and classes(store, found.codes) == {"county"}


def test_same_type_region_and_england_stay_within_the_class(store):
    assert len(comparators(store, BD, SAME_TYPE)) == 31  # the other London boroughs
    assert len(comparators(store, BD, SAME_REGION)) == 31  # London less the City of London and itself
    assert len(comparators(store, BD, ENGLAND)) == 130  # 32 + 36 + 63 single-tier councils, less itself
    assert comparator_set(store, BD, ENGLAND).label == "130 other single-tier councils in England"
    assert comparators(store, BD, NONE) == []


def test_the_city_of_london_has_no_same_class_comparator_and_says_so(store):
    found = comparator_set(store, CITY, NEAREST)
    assert found.codes == () and found.label == ""
    assert "no other council with the same functions" in found.note


def test_a_measure_comparable_across_classes_keeps_every_class_it_applies_to(store):
    assert store.catalogue.metric("asc_quality_of_life").comparable_across_classes
    assert not store.catalogue.metric("debt_pct_csp").comparable_across_classes
    codes = comparators(store, KENT, NEAREST, metric_id="asc_quality_of_life")
    assert len(codes) == 15 and classes(store, codes) == {"county", "single_tier"}
    region = comparators(store, BD, SAME_REGION, metric_id="asc_quality_of_life")
    assert CITY in region and len(region) == 32


def test_metric_filter_drops_councils_without_the_service(store):
    codes = comparators(store, BD, ENGLAND, metric_id="asc_quality_of_life")
    assert not any(store.catalogue.area_type(c) == "shire_district" for c in codes)


def test_custom_group_keeps_its_order_and_leaves_out_other_classes_by_name(store):
    group = ComparatorGroup.custom(["E09000004", "E07000073", "E09000003", "E09000004", BD], "Outer London")
    assert group.kind == CUSTOM and group.codes == ("E09000004", "E07000073", "E09000003", BD)
    found = comparator_set(store, BD, group)
    assert found.codes == ("E09000004", "E09000003")  # Bexley, Barnet; never the council itself
    assert found.label == "Custom group: Outer London (2 councils)"
    assert "Harlow" in found.note


def test_custom_group_names_keep_plain_text_only():
    assert ComparatorGroup.custom(["E09000004"], "<b>Outer</b>  London").name == "bOuter/b London"


def test_band_gives_median_and_quartiles_per_period(store):
    codes = comparators(store, BD, NEAREST)
    frame = store.series("population", codes)
    b = band(frame).set_index(S.PERIOD)
    values = frame[frame[S.PERIOD] == "2023-24"][S.VALUE]
    assert b.at["2023-24", "median"] == values.median()
    assert b.at["2023-24", "n"] == len(values)


def test_band_equals_pandas_grouped_median_and_quantiles_to_the_last_digit():
    """The band is worked out per year in plain Python; it gives what pandas' groupby gives, digit for digit."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(1, 40))
        values = rng.normal(0, 1, n) * 10 ** rng.uniform(-3, 9)
        values[1:][rng.random(n - 1) < 0.1] = np.nan  # gaps, but never no figure at all
        frame = pd.DataFrame(
            {S.PERIOD: pd.array(rng.choice(["2019-20", "2020-21", "2021-22"], n), dtype="string"), S.VALUE: values}
        )
        grouped = frame.dropna(subset=[S.VALUE]).groupby(S.PERIOD)[S.VALUE]
        expected = pd.DataFrame(
            {
                "median": grouped.median(),
                "q1": grouped.quantile(0.25),
                "q3": grouped.quantile(0.75),
                "n": grouped.size(),
            }
        ).reset_index()
        pd.testing.assert_frame_equal(band(frame), expected, check_exact=True)


def test_councils_drawn_as_lines_beside_a_council_have_its_functions(store):
    lines = comparable(store, BD, "core_spending_power")
    assert BD not in lines and classes(store, lines) == {"single_tier"}
    assert {KENT, REDDITCH, CITY}.isdisjoint(lines)
    assert lines == {c for c, kind in store.catalogue.area_classes.items() if kind == "single_tier"} - {BD}
    assert comparable(store, CITY, "core_spending_power") == frozenset()  # no other council has its functions
    # A measure comparable across classes: every council it applies to, of any class, and no district.
    social_care = comparable(store, KENT, "asc_quality_of_life")
    assert BD in social_care and classes(store, social_care) == {"county", "single_tier", "city_of_london"}
    assert REDDITCH not in social_care


def test_why_a_council_asked_for_as_a_line_is_not_drawn(store):
    assert not_comparable_note(store, BD, [], "core_spending_power") == ""
    assert not_comparable_note(store, BD, [KENT, REDDITCH], "core_spending_power") == (
        "Not drawn as lines, as their figures are not comparable: Kent, Redditch (functions other than Barking "
        "and Dagenham's)."
    )
    assert not_comparable_note(store, KENT, [REDDITCH], "asc_quality_of_life") == (
        "Not drawn as lines, as their figures are not comparable: Redditch (the measure does not apply)."
    )
