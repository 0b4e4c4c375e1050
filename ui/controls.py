"""Controls shared by every page (council, comparators) and the measure controls of chart pages."""

from __future__ import annotations

import streamlit as st

from kpi.calc.comparable import comparable, not_comparable_note
from kpi.calc.comparators import CUSTOM, GROUPS, MAX_CUSTOM, MAX_NAME
from kpi.calc.measures import CASH, REAL
from kpi.calc.toggles import Toggles
from kpi.core.catalogue import AREA_TYPE_NAMES
from kpi.core.codes import is_provisional
from kpi.core.defaults import DEFAULT_BASE_YEAR, EARLIEST_BASE_YEAR
from kpi.core.formatting import in_words
from kpi.model.store import Store
from kpi.views.urlstate import MAX_ALSO, MAX_MULTIPLES
from ui import state
from ui.data import area_options
from ui.render import escape
from ui.state import INDEX_ON
from ui.views import cached_all_periods, cached_comparators


def council_picker(store: Store) -> None:
    options, labels = area_options()
    st.selectbox(
        "Council",
        options,
        key="area",
        persist_state="session",  # kept when a run is cut short or a page does not draw it, never reset to Adur
        format_func=labels.__getitem__,
        help="Type a name or an ONS code (e.g. E09000002) to search.",
    )
    area = store.catalogue.area(st.session_state["area"])
    status = store.catalogue.status_label(area["area_code"])  # "shadow council, takes over on 1 April 2027"
    st.caption(" · ".join(filter(None, (AREA_TYPE_NAMES.get(area["area_type"], ""), area["region"], status))))


def shadow_notice(store: Store) -> None:
    """On every page, for a council that has not taken over yet: what it is, where its figures come from, and
    whether its code is provisional."""
    code = st.session_state.get("area", "")
    if code not in store.catalogue.successors or not store.catalogue.status_label(code):
        return
    found, name = store.catalogue.successors[code], store.catalogue.area_name(code)
    text = (
        f"{name} is a {store.catalogue.status_label(code)} ({found.order}). Until then its figures are its "
        "predecessor councils' figures combined."
    )
    if is_provisional(code):
        text += f" Its code {code} is provisional: ONS has not issued one yet."
    st.info(escape(text), icon=":material/event_upcoming:")


def comparator_picker(store: Store) -> None:
    """The comparator group, a custom group's councils and name when chosen, and what the group holds in words."""
    st.selectbox(
        "Compare with",
        list(GROUPS),
        key="cmp",
        persist_state="session",
        format_func=GROUPS.__getitem__,
        help="Only councils with the same functions are compared: single-tier councils (London boroughs, "
        "metropolitan districts, unitaries), counties and shire districts each among themselves. Nearest "
        "neighbours are ONS's 2025 statistical nearest neighbours (up to 15 of the same class).",
    )
    if st.session_state.get("cmp") == CUSTOM:
        options, labels = area_options()
        st.multiselect(
            "Councils in the group",
            options,
            key="group",
            persist_state="session",
            format_func=labels.__getitem__,
            max_selections=MAX_CUSTOM,
            placeholder="Type a name or an ONS code",
            help=f"Up to {MAX_CUSTOM} councils. Councils whose functions differ from the chosen council's are "
            "left out of comparisons, and the page says which.",
        )
        st.text_input(
            "Name of the group",
            key="group_name",
            persist_state="session",
            max_chars=MAX_NAME,
            placeholder="e.g. Outer London boroughs",
            help="Shown in chart titles and kept in the link.",
        )
    view = state.current(store)
    group = cached_comparators(view.area, view.comparator_group())
    if group.label or group.note:
        st.caption(
            escape(" ".join(t for t in (f"Comparators: {group.label}." if group.label else "", group.note) if t))
        )


def metric_picker(store: Store) -> None:
    cat = store.catalogue
    options = store.metrics_with_data()
    if st.session_state.get("metric") not in options:
        st.session_state["metric"] = options[0]
    st.selectbox(
        "Measure",
        options,
        key="metric",
        persist_state="session",
        format_func=lambda m: f"{cat.metrics[m].group}: {cat.metrics[m].title}",
    )


def measure_toggles(store: Store) -> None:
    metric = store.catalogue.metric(st.session_state["metric"])
    takes = Toggles.of(metric)
    row = st.container(horizontal=True, gap="medium")  # one block for the four controls, not a column each
    with row:
        st.radio(
            "Prices",
            [CASH, REAL],
            key="prices",
            horizontal=True,
            persist_state="session",
            format_func={CASH: "Cash", REAL: "Real terms"}.__getitem__,
            disabled=not takes.real_terms,
            help="Real terms remove inflation with the ONS GDP deflator."
            if takes.real_terms
            else "This measure is not an amount of money.",
        )
    with row:
        years = store.deflator_periods()[::-1]
        if st.session_state.get("base") not in [""] + years:
            st.session_state["base"] = ""
        st.selectbox(
            "Price base year",
            [""] + years,
            key="base",
            persist_state="session",
            format_func=lambda y: f"Latest ({years[0]})" if y == "" else y,
            disabled=not (takes.real_terms and st.session_state.get("prices") == REAL),
            width=220,
        )
    with row:
        st.toggle(
            "Per head",
            key="per_head",
            persist_state="session",
            disabled=not takes.per_head,
            help="Divide by the same year's ONS mid-year population estimate.",
        )
    with row:
        st.toggle("Index to a base year", key=INDEX_ON, persist_state="session")
        periods = store.periods(metric.metric_id)
        if st.session_state.get(INDEX_ON):
            if st.session_state.get("index") not in periods:
                st.session_state["index"] = (
                    DEFAULT_BASE_YEAR if DEFAULT_BASE_YEAR in periods else (periods[0] if periods else "")
                )
            st.selectbox("Base year (= 100)", periods, key="index", persist_state="session", width=220)


def also_picker(store: Store) -> None:
    """Other councils as lines: those whose figures for the measure compare with the council's (same functions)."""
    ss = st.session_state
    allowed = comparable(store, ss["area"], ss.get("metric"))
    options, labels = area_options()
    chosen = list(ss.get("also") or ())
    left_out = [c for c in chosen if c not in allowed]
    if left_out:  # a council or measure chosen since, or a link: what no longer compares is taken off, and said
        ss["also"] = [c for c in chosen if c in allowed]
    st.multiselect(
        "Add councils as lines",
        [c for c in options if c in allowed],
        key="also",
        persist_state="session",
        format_func=labels.__getitem__,
        max_selections=MAX_ALSO,
        help=f"Up to {in_words(MAX_ALSO)} other councils drawn as their own lines: those with the same functions "
        "(all the councils a measure applies to, where its figures compare across functions).",
    )
    if left_out:
        st.caption(escape(not_comparable_note(store, ss["area"], left_out, ss.get("metric"))))


def since_picker(store: Store) -> None:
    """Base year for the profile's "change since" (default DEFAULT_BASE_YEAR)."""
    years = [y for y in cached_all_periods() if y >= EARLIEST_BASE_YEAR]
    if st.session_state.get("since") not in [""] + years:
        st.session_state["since"] = ""
    st.selectbox(
        "Change since",
        [""] + years,
        key="since",
        persist_state="session",
        format_func=lambda y: f"{DEFAULT_BASE_YEAR} (default)" if y == "" else y,
        help="Cards show the change from this year, or from the first year with data after it.",
        width=280,
    )


def to_picker(store: Store) -> None:
    """End year for the profile's change and paragraph (default: the latest year each measure has)."""
    since = st.session_state.get("since") or DEFAULT_BASE_YEAR
    years = [y for y in cached_all_periods() if y > since]
    if st.session_state.get("to") not in [""] + years:
        st.session_state["to"] = ""
    st.selectbox(
        "End year",
        [""] + years[::-1],
        key="to",
        persist_state="session",
        format_func=lambda y: "Latest with figures (default)" if y == "" else y,
        help="Cards and sentences show the change to this year, or to the latest year with figures before it.",
        width=280,
    )


def year_picker(years: tuple[str, ...]) -> None:
    if st.session_state.get("year") not in ("", *years):
        st.session_state["year"] = ""
    latest = years[-1] if years else ""
    st.selectbox(
        "Year",
        ["", *reversed(years)],
        key="year",
        persist_state="session",
        format_func=lambda y: f"Latest ({latest})" if y == "" else y,
    )


def multiples_picker(store: Store) -> None:
    cat = store.catalogue
    options = store.metrics_with_data()
    chosen = [m for m in st.session_state.get("metrics", []) or [] if m in options]
    st.session_state["metrics"] = chosen
    st.multiselect(
        "Small multiples: measures side by side",
        options,
        key="metrics",
        persist_state="session",
        format_func=lambda m: cat.metrics[m].title,
        max_selections=MAX_MULTIPLES,
        help="Each measure gets its own panel and scale in one chart, for this council and the comparators' median.",
    )
