"""Each rule said once: the places that apply a rule all take it from its one home."""

from __future__ import annotations

import pytest

from kpi.calc.measures import REAL, MeasureError, MeasureSpec, measure
from kpi.calc.toggles import Toggles
from kpi.views.multiples import multiples_requests
from kpi.views.urlstate import ViewState, normalise


def test_a_link_small_multiples_and_the_measures_take_the_same_toggles(store):
    for metric_id in ("population", "core_spending_power", "reserves_pct_nre", "band_d_council_tax"):
        takes = Toggles.of(store.catalogue.metric(metric_id))
        prices, per_head = takes.fit(REAL, True)
        state, _ = normalise(ViewState(metric=metric_id, prices=REAL, per_head=True), store)
        assert (state.prices, state.per_head) == (prices, per_head)
        (request,) = multiples_requests(
            store, "E09000002", (metric_id,), prices=REAL, base="", per_head=True, index="", cmp="none"
        )
        assert (request.prices, request.per_head) == (prices, per_head)
        measure(store, MeasureSpec(metric_id, ("E09000002",), prices=prices, per_head=per_head))
        if (prices, per_head) != (REAL, True):
            with pytest.raises(MeasureError):
                measure(store, MeasureSpec(metric_id, ("E09000002",), prices=REAL, per_head=True))
