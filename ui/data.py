"""The one caching boundary: the store is loaded and indexed once per process; views are cached by small keys.

Council-supplied figures live in the writable store (SQLite or PostgreSQL). The merged store is cached by the
uploads' latest version number, one cheap query per run: a confirmed upload shows at once, and nothing else is
reloaded between runs. Nothing uploaded is cached here before it is confirmed and written.
"""
from __future__ import annotations

import os

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from kpi.store import Store
from kpi.userstore import UserStore, default_url, merged_store
from kpi.views import TrendRequest, TrendView, trend_view

_DB_ERROR = "_db_error"


def db_url() -> str:
    """KPI_DB_URL, else [connections.kpi] url in secrets.toml (st.connection's format), else the local SQLite file."""
    if os.environ.get("KPI_DB_URL"):
        return os.environ["KPI_DB_URL"]
    try:
        url = st.secrets.get("connections", {}).get("kpi", {}).get("url")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning nothing
        url = None
    return url or default_url()


@st.cache_resource(show_spinner="Loading the data…")
def get_base_store() -> Store:
    return Store.load()


@st.cache_resource(max_entries=4, show_spinner=False)
def get_userstore(url: str) -> UserStore:
    return UserStore(url)


@st.cache_resource(max_entries=2, ttl=24 * 3600, show_spinner="Loading council-supplied figures…")
def _merged(url: str, head: int) -> Store:
    return merged_store(get_base_store(), get_userstore(url), head)


def upload_version() -> int:
    """The latest version of the council-supplied figures (0 if none, or if the database cannot be read)."""
    try:
        head = get_userstore(db_url()).head()
        st.session_state.pop(_DB_ERROR, None)
        return head
    except SQLAlchemyError as exc:
        st.session_state[_DB_ERROR] = f"The council-supplied figures cannot be read ({exc.__class__.__name__})."
        return 0


def writable_store() -> UserStore:
    """The database for the officers' pages; if it cannot be reached, say so and stop the page (reading pages
    carry on with the official figures)."""
    try:
        return get_userstore(db_url())
    except SQLAlchemyError as exc:
        st.error(f"The dashboard's database cannot be reached ({exc.__class__.__name__}), so figures cannot be "
                 "uploaded and action plans cannot be shown just now. The official figures are still available on "
                 "the other pages.", icon=":material/database:")
        st.stop()


def store_at(version: int) -> Store:
    return _merged(db_url(), version) if version else get_base_store()


def get_store() -> Store:
    return store_at(upload_version())


def db_error() -> str | None:
    return st.session_state.get(_DB_ERROR)


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _trend_view(request: TrendRequest, url: str, version: int) -> TrendView:
    return trend_view(_merged(url, version) if version else get_base_store(), request)


def cached_trend_view(request: TrendRequest) -> TrendView:
    return _trend_view(request, db_url(), upload_version())
