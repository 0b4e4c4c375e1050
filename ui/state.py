"""The view lives in the URL: read it once per session into widget state, write it back after every run. The
reorganisation options live there too (kpi.views.options.link), kept in the session as one option set."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from kpi.calc.options.model import OptionSet
from kpi.model.store import Store
from kpi.views.options import link
from kpi.views.urlstate import ViewState, normalise, parse_params

_LOADED = "_view_loaded_from_url"
_NOTICES = "_view_notices"
INDEX_ON = "index_on"
OPTIONS = "options"  # the reorganisation options (an OptionSet)
OPTIONS_VERSION = "options_version"  # counts changes to them, so the page's editor starts afresh after each
# URL parameters a page's own widget keeps (bind="query-params"): the open tab of Action plans and of Data sources.
PAGE_PARAMS = frozenset({"tab", "section"})


def load_from_url(store: Store) -> None:
    """On a session's first run, seed every control from the URL (with defaults for anything missing or bad)."""
    if st.session_state.get(_LOADED):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    state, notices = parse_params(params, store)
    for key, value in asdict(state).items():
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    st.session_state[INDEX_ON] = bool(state.index)
    if not state.index:
        st.session_state["index"] = ""
    st.session_state[OPTIONS], more = link.from_params(params, store.catalogue)
    st.session_state[_NOTICES] = notices + more
    st.session_state[_LOADED] = True


def notices() -> list[str]:
    return st.session_state.get(_NOTICES, [])


def current(store: Store) -> ViewState:
    """The view as the controls now hold it, made consistent with the chosen measure."""
    ss = st.session_state
    state = ViewState(
        area=ss.get("area", ViewState.area),
        metric=ss.get("metric", ViewState.metric),
        prices=ss.get("prices", ViewState.prices),
        base=ss.get("base", "") or "",
        per_head=bool(ss.get("per_head", False)),
        index=(ss.get("index") or "") if ss.get(INDEX_ON) else "",
        cmp=ss.get("cmp", ViewState.cmp),
        also=tuple(ss.get("also", []) or ()),
        year=ss.get("year", "") or "",
        since=ss.get("since", "") or "",
        metrics=tuple(ss.get("metrics", []) or ()),
        to=ss.get("to", "") or "",
        group=tuple(ss.get("group", []) or ()),
        group_name=ss.get("group_name", "") or "",
    )
    return normalise(state, store)[0]


def options() -> OptionSet:
    """The reorganisation options of this session (none at first)."""
    return st.session_state.get(OPTIONS) or OptionSet()


def set_options(chosen: OptionSet) -> None:
    if chosen != options():
        st.session_state[OPTIONS] = chosen
        st.session_state[OPTIONS_VERSION] = st.session_state.get(OPTIONS_VERSION, 0) + 1


def write_to_url(state: ViewState) -> None:
    """The view's parameters replace those in the URL; a page's own (its widgets bound to the URL) are left alone."""
    params = {**state.to_params(), **link.to_params(options())}
    existing = {k: st.query_params.get_all(k) for k in st.query_params if k not in PAGE_PARAMS}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if existing == wanted:
        return
    for gone in existing.keys() - wanted.keys():
        del st.query_params[gone]
    changed = {k: params[k] for k, v in wanted.items() if existing.get(k) != v}
    if changed:
        st.query_params.update(changed)
