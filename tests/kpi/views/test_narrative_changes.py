"""The narrative compares a council with its comparators from one table of every council's changes between two
years, and reads the council's own figures as plain values: each must equal the change worked out for that council
alone as the narrative did before (per_council_change, kept here), and the sentences must count and average exactly
the comparators the per-council loop counted."""

import math

import pandas as pd
import pytest

from kpi.calc.comparators import ENGLAND, comparators
from kpi.calc.measures import REAL, MeasureSpec
from kpi.core import schema as S
from kpi.model.store import merged_store
from kpi.officers.figures.read import parse_upload
from kpi.storage.figures import FigureStore
from kpi.views import narrative
from kpi.views.council_figures import council_figures
from kpi.views.narrative_words import Change, change_of, changes_between, values

COUNCILS = ("E09000002", "E07000236", "E06000066", "E10000034", "E08000003", "E09000001")
MEASURES = {
    "population": dict(metric_id="population"),
    "spending power per head, real": dict(metric_id="core_spending_power", prices=REAL, per_head=True),
    "band D": dict(metric_id="band_d_council_tax"),
    "reserves": dict(metric_id="reserves_pct_nre"),
}
YEARS = [("2010-11", "2023-24"), ("2015-16", "2020-21"), ("2011-12", "2011-12"), ("2019-20", "2012-13")]


def change_between(frame: pd.DataFrame, area: str, first: str, last: str) -> Change | None:
    """The narrative's per-council change before the table of every council: filter, sort, index, compare."""
    own = frame[frame[S.AREA_CODE] == area].sort_values(S.PERIOD).set_index(S.PERIOD)
    if first not in own.index or last not in own.index or first == last:
        return None
    span = own[(own.index >= first) & (own.index <= last)]
    flags = span["break_before"].astype(bool).to_numpy()
    sources = span[S.SOURCE_ID].astype(str).tolist()
    at = [i for i in range(1, len(span)) if flags[i]]
    return Change(
        first,
        last,
        float(own.at[first, S.VALUE]),
        float(own.at[last, S.VALUE]),
        tuple(str(span.index[i]) for i in at),
        str(own.at[first, S.SOURCE_ID]),
        str(own.at[last, S.SOURCE_ID]),
        tuple((sources[i - 1], sources[i]) for i in at),
    )


def same_change(a: Change | None, b: Change | None) -> bool:
    if a is None or b is None:
        return a is b
    nan_pct = math.isnan(a.pct) and math.isnan(b.pct)
    return a == b and (a.pct == b.pct or nan_pct)


def everyone(store, fields) -> pd.DataFrame:
    return values(store, MeasureSpec(area_codes=tuple(store.catalogue.areas.index), **fields))


@pytest.mark.parametrize("name", MEASURES)
def test_every_councils_change_equals_its_own(store, name):
    frame = everyone(store, MEASURES[name])
    for first, last in YEARS:
        table = changes_between(frame, first, last)
        for code in (*COUNCILS, *comparators(store, "E09000002", ENGLAND)[:40]):
            own = change_between(frame, code, first, last)
            if own is None:
                assert code not in table.index, (code, first, last)
                rows, _, _ = council_figures(store, MeasureSpec(area_codes=(code,), **MEASURES[name]))
                assert change_of(rows, first, last) is None
                continue
            rows, _, _ = council_figures(store, MeasureSpec(area_codes=(code,), **MEASURES[name]))
            assert same_change(change_of(rows, first, last), own), (code, first, last)
            row = table.loc[code]
            assert (row["from_value"], row["to_value"], row["change"]) == (own.from_value, own.to_value, own.change)
            assert row["pct"] == own.pct or (math.isnan(row["pct"]) and math.isnan(own.pct))


def test_a_zero_base_counts_as_a_change_without_a_percentage():
    frame = pd.DataFrame(
        {S.AREA_CODE: ["A", "A", "B", "B"], S.PERIOD: ["2010-11", "2011-12"] * 2, S.VALUE: [0.0, 5.0, 2.0, 3.0]}
    )
    table = changes_between(frame, "2010-11", "2011-12")
    assert list(table.index) == ["A", "B"] and math.isnan(table.at["A", "pct"]) and table.at["B", "pct"] == 50


def per_council_population(store, area, group, since, to):
    """What population_sentence counted before: each comparator's change_between, one by one."""
    comp = comparators(store, area, group, metric_id="population")
    frame = values(store, MeasureSpec("population", (area, *comp)))
    first, last = narrative.years_up_to(frame.loc[frame[S.AREA_CODE] == area, S.PERIOD], since, to)
    own = change_between(frame, area, first, last)
    others = [c for c in (change_between(frame, code, first, last) for code in comp) if c is not None]
    return sum(1 for o in others if (o.pct < own.pct if own.change > 0 else o.pct > own.pct)), len(others), len(comp)


@pytest.mark.parametrize("group", ["nearest", "region", ENGLAND])
@pytest.mark.parametrize("area", COUNCILS[:4])
def test_population_sentence_counts_as_the_loop_did(store, area, group):
    k, n, total = per_council_population(store, area, group, "2010-11", "2023-24")
    sentence = narrative.population_sentence(store, area, since="2010-11", to="2023-24", group=group)
    phrase = narrative.group_phrase(store, area, group, n, total)
    assert narrative.count_of(k, n, phrase) in sentence


@pytest.mark.parametrize("group", ["nearest", ENGLAND])
def test_spending_power_median_is_the_loops_median(store, group):
    area = "E09000002"
    comp = comparators(store, area, group, metric_id="core_spending_power")
    frame = values(store, MeasureSpec("core_spending_power", (area, *comp), prices=REAL, per_head=True))
    first, last = narrative.years_up_to(frame.loc[frame[S.AREA_CODE] == area, S.PERIOD], "2010-11", "")
    others = [c.pct for c in (change_between(frame, code, first, last) for code in comp) if c is not None]
    median = narrative.format_pct(float(pd.Series(others).median()))
    sentence = narrative.spending_power_sentence(store, area, since="2010-11", group=group)
    assert f"was an increase of {median}" in sentence or f"was a fall of {median}" in sentence


def test_an_upload_changes_the_comparison(store, tmp_path):
    """Every council's changes are worked out once per store; a new upload is a new store, so the sentence follows
    the council-supplied figure and labels it, while the official store's sentence stays as it was."""
    before = narrative.population_sentence(store, "E09000002", since="2010-11", to="2025-26")
    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    text = "area_code,metric_id,period,value\nE09000002,population,2025-26,230000\n"
    db.write_upload(
        parse_upload(text.encode(), "EXAMPLE.csv", store.catalogue).rows, who="o", file_name="E", sha256="s"
    )
    after = narrative.population_sentence(merged_store(store, db), "E09000002", since="2010-11", to="2025-26")
    assert "between mid-2010 and mid-2024" in before and "(council-supplied)" not in before
    assert "between mid-2010 and mid-2025 (council-supplied)" in after
    assert narrative.population_sentence(store, "E09000002", since="2010-11", to="2025-26") == before
    db.dispose()
