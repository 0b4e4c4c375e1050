"""Benchmark: where the council sits among its comparators for one measure and year, in words and as dots."""

from __future__ import annotations

import streamlit as st

from kpi.core.catalogue import POLARITY_NAMES
from kpi.views.benchmark import BenchmarkRequest
from ui import controls, render, state
from ui.data import get_store
from ui.views import cached_benchmark

store = get_store()
st.title("Benchmark")
controls.metric_picker(store)
controls.measure_toggles(store)

view_state = state.current(store)
request = BenchmarkRequest(**view_state.request_fields(), year=view_state.year)
view, figure, shown = cached_benchmark(request)
if view_state.year and view.applicable and view_state.year not in view.years:
    st.info(
        f"There is no figure for {view_state.year} on this measure for this council, so the latest year "
        f"({view.year or 'none'}) is shown.",
        icon=":material/info:",
    )
    st.session_state["year"] = ""
if view.years:
    controls.year_picker(view.years)

if not view.applicable:
    st.info(view.summary, icon=":material/block:")
    st.markdown("**Band: not applicable.**")
else:
    name = render.escape(store.catalogue.area_name(view_state.area))
    if view.band == "context only":
        st.markdown(
            f"## Context only\nThis measure has no better or worse direction, so {name} is placed among "
            f"its comparators without a judgement."
        )
    elif view.band == "no data":
        st.markdown("## No comparison\nThere are no comparator figures for this year.")
    else:
        direction = POLARITY_NAMES.get(store.catalogue.metric(view_state.metric).polarity, "").lower()
        st.markdown(
            f"## {name}: {view.band}\nCompared with the median of its {view.n} comparators in {view.year} "
            f"({direction} for this measure)."
        )
    st.caption(
        "The band compares the council with its comparators' median, in median absolute deviations (MAD): "
        "within 0.5 MAD broadly similar; 0.5-1.5 slightly better or worse; 1.5-3 better or worse; over 3 "
        "much better or worse. Measures with no better or worse direction are context only. "
        "Councils are not ranked."
    )
    render.view_block(figure, view, key="benchmark", display=shown.get)
