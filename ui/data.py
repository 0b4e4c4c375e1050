"""The caching boundary, data half: the stores, the database and the data key (ui/views.py caches what is drawn).

The official snapshot is loaded and indexed once per snapshot version (the modification time of its files, so a
`python -m loaders refresh`, `import` or `rollback` shows on the next rerun without a restart). Council-supplied
figures live in the writable store (SQLite or PostgreSQL); the merged store is cached by the uploads' latest
version number, one cheap query per run, so a confirmed upload shows at once. Nothing uploaded is cached here
before it is confirmed and written.
"""

from __future__ import annotations

import os
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from charts.export import Exporter
from kpi.data.db import Database, default_url
from kpi.data.figures import FigureStore, merged_store
from kpi.data.plans import PlanStore
from kpi.data.store import Store, snapshot_version

_DB_ERROR = "_db_error"

# (snapshot version, database URL, latest upload version): everything a cached result depends on.
DataKey = tuple[str, str, int]


def db_url() -> str:
    """KPI_DB_URL, else [connections.kpi] url in secrets.toml (st.connection's format), else the local SQLite file."""
    if os.environ.get("KPI_DB_URL"):
        return os.environ["KPI_DB_URL"]
    try:
        url = st.secrets.get("connections", {}).get("kpi", {}).get("url")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning nothing
        url = None
    return url or default_url()


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _base_store(snapshot: str) -> Store:
    return Store.load()


def get_base_store() -> Store:
    """The official snapshot alone."""
    return _base_store(snapshot_version())


@st.cache_resource(max_entries=4, show_spinner=False)
def get_database(url: str) -> Database:
    """One engine (and connection pool) per database URL per process."""
    return Database(url)


@st.cache_resource(max_entries=2, ttl=24 * 3600, show_spinner="Loading council-supplied figures…")
def _merged(snapshot: str, url: str, head: int) -> Store:
    return merged_store(_base_store(snapshot), FigureStore(get_database(url)), head)


def upload_version() -> int:
    """The latest version of the council-supplied figures (0 if none, or if the database cannot be read)."""
    try:
        head = FigureStore(get_database(db_url())).head()
        st.session_state.pop(_DB_ERROR, None)
        return head
    except SQLAlchemyError as exc:
        st.session_state[_DB_ERROR] = f"The council-supplied figures cannot be read ({exc.__class__.__name__})."
        return 0


def _writable(repository):
    """A repository of the database for the officers' pages; if it cannot be reached, say so and stop the page
    (reading pages carry on with the official figures)."""
    try:
        return repository(get_database(db_url()))
    except SQLAlchemyError as exc:
        st.error(
            f"The dashboard's database cannot be reached ({exc.__class__.__name__}), so figures cannot be "
            "uploaded and action plans cannot be shown just now. The official figures are still available on "
            "the other pages.",
            icon=":material/database:",
        )
        st.stop()


def writable_figures() -> FigureStore:
    return _writable(FigureStore)


def writable_plans() -> PlanStore:
    return _writable(PlanStore)


def db_error() -> str | None:
    return st.session_state.get(_DB_ERROR)


_KEY = "_data_key"
KEY_TTL_S = 0.25  # one run's lookups share one key; a refresh or another officer's upload shows on the next run


def data_key(version: int | None = None) -> DataKey:
    """What every cached result depends on, checked (file stats and one database query) once per run
    per session rather than at every lookup in a run."""
    if version is not None:
        return (snapshot_version(), db_url(), version)
    now = time.monotonic()
    remembered = st.session_state.get(_KEY)
    if remembered and now - remembered[0] < KEY_TTL_S:
        return remembered[1]
    key = (snapshot_version(), db_url(), upload_version())
    st.session_state[_KEY] = (now, key)
    return key


def forget_data_key() -> None:
    """After this session writes figures, look again at once (its next run must show them)."""
    st.session_state.pop(_KEY, None)


def store_for(key: DataKey) -> Store:
    snapshot, url, head = key
    return _merged(snapshot, url, head) if head else _base_store(snapshot)


def store_at(version: int) -> Store:
    """The store with council-supplied figures up to a given upload version (0: official only)."""
    return store_for(data_key(version))


def get_store() -> Store:
    return store_for(data_key())


@st.cache_resource(show_spinner=False)
def get_exporter() -> Exporter:
    """One image exporter (one kaleido browser) per process; it serialises exports itself."""
    return Exporter()


@st.cache_resource(max_entries=2, show_spinner=False)
def _area_options(snapshot: str) -> tuple[list[str], dict[str, str]]:
    areas = _base_store(snapshot).catalogue.areas.sort_values(["current", "area_name"], ascending=[False, True])
    labels = {}
    for rec in areas.to_dict("records"):
        label = f"{rec['area_name']} ({rec['area_code']})"
        if not rec["current"]:
            label += f" – abolished {rec['end_date'][:4]}" if rec["end_date"] else " – abolished"
        labels[rec["area_code"]] = label
    return list(labels), labels


def area_options() -> tuple[list[str], dict[str, str]]:
    """Council codes for pickers, current councils first, and their labels 'Name (GSS code)'."""
    return _area_options(snapshot_version())


def current_plan(plans: PlanStore, area: str):
    """(latest version, the plan at that version) of a council's action plan."""
    head = plans.head(area)
    return head, plan_at(db_url(), area, head)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def plan_at(url: str, area: str, head: int):
    return PlanStore(get_database(url)).actions_at(head)
