"""Trends: one measure over time for a council, against its comparators; more measures as small multiples."""

from __future__ import annotations

import streamlit as st

from kpi.views.multiples import multiples_requests
from kpi.views.trend import TrendRequest
from ui import controls, render, state
from ui.data import get_store
from ui.views import cached_multiples, cached_trend

store = get_store()
st.title("Trends")
controls.metric_picker(store)
controls.measure_toggles(store)
controls.also_picker(store)

view_state = state.current(store)
request = TrendRequest(**view_state.request_fields(), also=view_state.also)
view, figure, shown = cached_trend(request)
render.view_block(figure, view, key="trend", display=shown.get)

st.divider()
controls.multiples_picker(store)
view_state = state.current(store)
if view_state.metrics:
    requests = multiples_requests(
        store,
        view_state.area,
        view_state.metrics,
        prices=view_state.prices,
        base=view_state.base,
        per_head=view_state.per_head,
        index=view_state.index,
        cmp=view_state.comparator_group(),
    )
    multiples, fig = cached_multiples(requests)
    render.view_block(fig, multiples, key="multiples")
