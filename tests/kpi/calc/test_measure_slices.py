"""A measure is worked out once for every council per store and sliced per request: the slice must equal the
measure worked out for the requested councils alone, as measure() did before (kept here as the reference)."""

import pandas as pd
import pytest

from kpi.calc.comparators import ENGLAND, comparators
from kpi.calc.measures import (
    REAL,
    MeasureError,
    MeasureSpec,
    _with_reason,
    index_to,
    measure,
    per_head,
    real_terms,
    unit_label,
)
from kpi.core import schema as S
from kpi.model.store import COUNCIL, OFFICIAL, merged_store
from kpi.officers.figures.read import parse_upload
from kpi.storage.figures import FigureStore

BD, REDDITCH, SOMERSET = "E09000002", "E07000236", "E06000066"


def reference(store, spec: MeasureSpec) -> pd.DataFrame:
    """measure() as it was: the requested councils' series, then years, per head, real terms, index, names."""
    metric = store.catalogue.metric(spec.metric_id)
    frame = _with_reason(store.series(spec.metric_id, list(spec.area_codes), supplied=spec.supplied))
    if spec.first:
        frame = frame[frame[S.PERIOD] >= spec.first]
    if spec.last:
        frame = frame[frame[S.PERIOD] <= spec.last]
    if spec.per_head:
        frame = per_head(frame, store.series("population", list(spec.area_codes)))
    base_year = None
    if spec.prices == REAL:
        base_year = spec.base_year or store.latest_deflator_period()
        frame = real_terms(frame, store.deflator_index, base_year)
    if spec.index_to:
        frame = index_to(frame, spec.index_to)
    label = unit_label(
        metric.unit,
        per_head_applied=spec.per_head,
        prices=spec.prices,
        base_year=base_year,
        index_base=spec.index_to,
        money=metric.money,
    )
    frame = frame.assign(**{S.UNIT: label})
    frame.insert(1, "area_name", frame[S.AREA_CODE].map(store.catalogue.area_name))
    return frame.sort_values([S.AREA_CODE, S.PERIOD]).reset_index(drop=True)


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in got.columns:
        if col == S.VALUE:
            assert got[col].tolist() == pytest.approx(want[col].tolist(), nan_ok=True)
        else:
            assert got[col].astype(object).tolist() == want[col].astype(object).tolist(), col


def groups(store):
    nearest = (BD, *comparators(store, BD, "nearest"))
    england = (REDDITCH, *comparators(store, REDDITCH, ENGLAND))
    return {"one": (BD,), "nearest": nearest, "england": england, "unknown": (BD, "E99999999"), "none": ()}


SPECS = [
    dict(metric_id="population"),
    dict(metric_id="population", first="2012-13", last="2020-21"),
    dict(metric_id="core_spending_power", prices=REAL, per_head=True),
    dict(metric_id="core_spending_power", prices=REAL, base_year="2015-16", index_to="2016-17"),
    dict(metric_id="core_spending_power", per_head=True, index_to="2010-11", first="2013-14"),
    dict(metric_id="reserves_pct_nre", last="2019-20"),
    dict(metric_id="band_d_council_tax", index_to="2010-11"),
    dict(metric_id="adult_social_care_spend", per_head=True, supplied=OFFICIAL),
]


@pytest.mark.parametrize("fields", SPECS, ids=lambda f: "-".join(str(v) for v in f.values()))
def test_a_slice_equals_the_measure_for_those_councils_alone(store, fields):
    for name, codes in groups(store).items():
        spec = MeasureSpec(area_codes=codes, **fields)
        result, want = measure(store, spec), reference(store, spec)
        same(result.frame, want)
        assert set(want[S.UNIT]) <= {result.unit_label}, name


def test_a_reorganised_council_slices_with_its_combined_years(store):
    spec = MeasureSpec("core_spending_power", (SOMERSET, BD), prices=REAL, per_head=True)
    same(measure(store, spec).frame, reference(store, spec))


def test_council_supplied_figures_slice_like_official_ones(store, tmp_path):
    text = "area_code,metric_id,period,value\nE09000002,population,2012-13,190000\nE09000002,fte,2010-11,3400\n"
    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    db.write_upload(
        parse_upload(text.encode(), "EXAMPLE.csv", store.catalogue).rows, who="o", file_name="E", sha256="s"
    )
    merged = merged_store(store, db)
    for supplied in ("best", OFFICIAL, COUNCIL):
        for metric_id in ("population", "fte"):
            spec = MeasureSpec(metric_id, (BD, REDDITCH), per_head=metric_id == "fte", supplied=supplied)
            same(measure(merged, spec).frame, reference(merged, spec))
    db.dispose()


def test_a_new_store_works_its_tables_out_again(store, tmp_path):
    """The tables live on one store (one snapshot version with one upload version): an upload is a new store."""
    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    spec = MeasureSpec("fte", (BD,))
    assert measure(store, spec).frame.empty
    text = "area_code,metric_id,period,value\nE09000002,fte,2010-11,3400\n"
    rows = parse_upload(text.encode(), "EXAMPLE.csv", store.catalogue).rows
    db.write_upload(rows, who="o", file_name="E", sha256="s")
    after = measure(merged_store(store, db), spec).frame
    assert after[[S.PERIOD, S.VALUE]].values.tolist() == [["2010-11", 3400]]
    assert measure(store, spec).frame.empty
    db.dispose()


def test_a_base_year_without_a_deflator_is_still_refused(store):
    with pytest.raises(MeasureError, match="no GDP deflator for the base year 1900-01"):
        measure(store, MeasureSpec("core_spending_power", (BD,), prices=REAL, base_year="1900-01"))


def test_the_memo_is_bounded(store):
    from kpi.model.store import MEMO_ENTRIES

    for year in store.deflator_periods()[-20:]:
        measure(store, MeasureSpec("core_spending_power", (BD,), prices=REAL, base_year=year))
    assert len(store._memo) <= MEMO_ENTRIES


def test_the_memo_is_keyed_by_declared_kinds(store):
    from kpi.model.store import MemoKey

    basis = ("core_spending_power", REAL, "2020-21", True, "best")
    assert MemoKey.measure(*basis) == MemoKey.measure(*basis) != MemoKey.figures(*basis)
    assert len({MemoKey.measure(*basis), MemoKey.figures(*basis), MemoKey.neighbours()}) == 3
    measure(store, MeasureSpec("core_spending_power", (BD,), prices=REAL, base_year="2020-21"))
    assert all(isinstance(key, MemoKey) for key in store._memo)
