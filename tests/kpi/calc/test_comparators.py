from kpi.calc.comparators import ENGLAND, NEAREST, NONE, SAME_REGION, SAME_TYPE, band, comparators
from kpi.core import schema as S

BD = "E09000002"


def test_nearest_neighbours_are_the_ons_2025_list(store):
    codes = comparators(store, BD, NEAREST)
    assert len(codes) == 15
    names = [store.catalogue.area_name(c) for c in codes[:3]]
    assert names == ["Luton", "Harrow", "Sandwell"]  # ons-nearest-neighbours-2025 PROVENANCE example
    assert BD not in codes


def test_counties_use_upper_tier_neighbours(store):
    codes = comparators(store, "E10000016", NEAREST)  # Kent
    types = {store.catalogue.area_type(c) for c in codes}
    assert "shire_district" not in types and len(codes) == 15


def test_same_type_region_and_england_are_current_councils_without_self(store):
    same_type = comparators(store, BD, SAME_TYPE)
    assert len(same_type) == 31 and BD not in same_type
    region = comparators(store, BD, SAME_REGION)
    assert len(region) == 32  # 32 London boroughs + City, less itself
    assert len(comparators(store, BD, ENGLAND)) == 316
    assert comparators(store, BD, NONE) == []


def test_metric_filter_drops_councils_without_the_service(store):
    codes = comparators(store, BD, ENGLAND, metric_id="asc_quality_of_life")
    assert not any(store.catalogue.area_type(c) == "shire_district" for c in codes)


def test_band_gives_median_and_quartiles_per_period(store):
    codes = comparators(store, BD, NEAREST)
    frame = store.series("population", codes)
    b = band(frame).set_index(S.PERIOD)
    values = frame[frame[S.PERIOD] == "2023-24"][S.VALUE]
    assert b.at["2023-24", "median"] == values.median()
    assert b.at["2023-24", "n"] == len(values)
