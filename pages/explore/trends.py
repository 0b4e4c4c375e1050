"""Trends: one measure over time for a council, against its comparators; more measures as small multiples."""
from __future__ import annotations

import streamlit as st

from kpi.views.multiples import multiples_requests
from kpi.views.trend import TrendRequest
from ui import controls, render, state
from ui.data import get_store
from ui.views import cached_multiples, cached_trend_figure, cached_trend_view

store = get_store()
st.title("Trends")
controls.metric_picker(store)
controls.measure_toggles(store)
controls.also_picker(store)

view_state = state.current(store)
request = TrendRequest(
    area_code=view_state.area, metric_id=view_state.metric, prices=view_state.prices,
    base_year=view_state.base or None, per_head=view_state.per_head, index_to=view_state.index or None,
    comparator_group=view_state.cmp, also=view_state.also,
)
view = cached_trend_view(request)
render.chart_block(cached_trend_figure(request), summary=view.summary, table=view.table, display=view.display,
                   unit_label=view.unit_label, caveats=view.caveats, key="trend",
                   export=view.export)

st.divider()
controls.multiples_picker(store)
view_state = state.current(store)
if view_state.metrics:
    multiples, fig = cached_multiples(multiples_requests(
        store, view_state.area, view_state.metrics, prices=view_state.prices, base=view_state.base,
        per_head=view_state.per_head, index=view_state.index, cmp=view_state.cmp))
    render.chart_block(fig, summary=multiples.summary, table=multiples.table, unit_label="", key="multiples",
                       export=multiples.export)
else:
    st.caption("Choose measures above to see them side by side, each with its own scale.")
