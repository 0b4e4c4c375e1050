"""Trends: one measure over time for a council, against its comparators; more measures as small multiples."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.multiples import multiples_figure_from_views
from kpi.views import TrendRequest, licences, multiples_requests, retrieved, source_note
from ui import controls, render, state
from ui.data import cached_trend_figure, cached_trend_view, get_store

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
                   export=render.ExportText(title=view.title, subtitle=view.subtitle, source_note=view.source_note,
                                            licence=licences(store, view.sources),
                                            retrieved=retrieved(store, view.sources)))

st.divider()
controls.multiples_picker(store)
view_state = state.current(store)
if view_state.metrics:
    views = [cached_trend_view(r) for r in multiples_requests(store, view_state.area, view_state.metrics,
                                                               prices=view_state.prices, base=view_state.base,
                                                               per_head=view_state.per_head, index=view_state.index,
                                                               cmp=view_state.cmp)]
    sources = tuple(dict.fromkeys(s for v in views for s in v.sources))
    area_name = store.catalogue.area_name(view_state.area)
    fig = multiples_figure_from_views(views, area_name=area_name, source_note=source_note(store, list(sources)))
    table = pd.concat([v.table.assign(measure=v.title.rsplit(":", 1)[0], unit=v.unit_label) for v in views],
                      ignore_index=True)
    summary = " ".join(v.summary for v in views)
    render.chart_block(fig, summary=summary, table=table, unit_label="", key="multiples",
                       export=render.ExportText(title=fig.layout.title.text.split("<br>")[0],
                                                subtitle="Each measure in its own units (see the unit column)",
                                                source_note=source_note(store, list(sources)),
                                                licence=licences(store, sources), retrieved=retrieved(store, sources)))
else:
    st.caption("Choose measures above to see them side by side, each with its own scale.")
