"""The caching boundary, data half: the stores, the database and the data key (ui/views.py caches what is drawn).

The official snapshot is loaded and indexed once per snapshot version (kpi.storage.snapshots): on files, the version
data/CURRENT names; with PostgreSQL, the latest version in the shared database, so a refresh, import or rollback on
any replica shows on every replica's next rerun without a restart. Council-supplied figures live in the writable
store (SQLite or PostgreSQL); the merged store is cached by the uploads' latest version number. The data key is
looked up once per run: file stats and one cheap query (with PostgreSQL one query gives the snapshot version, the
status log's stamp and the uploads' version). Nothing uploaded is cached here before it is confirmed and written.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from charts.export import Exporter
from kpi.core.successors import area_label
from kpi.model.store import Store, merged_store
from kpi.storage.backends import is_database_url, open_snapshots
from kpi.storage.db import Database, default_url
from kpi.storage.figures import FigureStore
from kpi.storage.paths import data_dir
from kpi.storage.plans import PlanStore
from kpi.storage.snapshot_files import FileSnapshots

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


def _backend(snapshot: str, url: str):
    """The back end a snapshot key was read from ("database#<id>" or "files:<folder>#<id>#<stamps>", then "@<day>")."""
    snapshot = snapshot.rpartition("@")[0] or snapshot
    if snapshot.startswith("database#"):
        return get_snapshots(url, str(data_dir())), int(snapshot.split("#")[1])
    folder, version, _ = snapshot.removeprefix("files:").rsplit("#", 2)
    return FileSnapshots(Path(folder)), int(version)


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _base_store(snapshot: str, url: str) -> Store:
    backend, version = _backend(snapshot, url)
    day = dt.date.fromisoformat(snapshot.rpartition("@")[2])  # councils as they stand that day (vesting days)
    return Store.from_snapshot(backend.read(version), today=day)


def get_base_store() -> Store:
    """The official snapshot alone."""
    snapshot, url, _ = data_key()
    return _base_store(snapshot, url)


@st.cache_resource(max_entries=4, show_spinner=False)
def get_database(url: str) -> Database:
    """One engine (and connection pool) per database URL per process."""
    return Database(url)


@st.cache_resource(max_entries=4, show_spinner=False)
def get_snapshots(url: str, folder: str):
    """The snapshot's back end for this process (PostgreSQL's tables or the files in `folder`); opening it
    cleans up after an interrupted write, and seeds an empty database with the bundled data/ as version 1."""
    database = get_database(url) if is_database_url(url) else None
    snapshots = open_snapshots(url, Path(folder), database=database)
    snapshots.recover()
    return snapshots


def snapshots():
    """The official snapshot's back end, for the Data sources page; if the shared database cannot be reached,
    say so and stop the page."""
    try:
        return get_snapshots(db_url(), str(data_dir()))
    except SQLAlchemyError as exc:
        st.error(
            f"The shared database cannot be reached ({exc.__class__.__name__}), so the official data cannot be "
            "updated just now.",
            icon=":material/database:",
        )
        st.stop()


@st.cache_resource(max_entries=2, ttl=24 * 3600, show_spinner="Loading council-supplied figures…")
def _merged(snapshot: str, url: str, head: int) -> Store:
    return merged_store(_base_store(snapshot, url), FigureStore(get_database(url)), head)


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


def _lookup() -> tuple[DataKey, str]:
    """(data key, status log stamp), read now: file stats, one query and today's date (so vesting day takes effect)."""
    key, log = _read_key()
    return (f"{key[0]}@{dt.date.today().isoformat()}", *key[1:]), log


def _read_key() -> tuple[DataKey, str]:
    url = db_url()
    try:
        backend = get_snapshots(url, str(data_dir()))
        if backend.backend == "database":
            head, log, uploads = backend.heads()
            st.session_state.pop(_DB_ERROR, None)
            return (f"database#{head}", url, uploads), log
    except SQLAlchemyError as exc:  # the shared database is down: the bundled snapshot, and say so
        st.session_state[_DB_ERROR] = (
            f"The council-supplied figures cannot be read ({exc.__class__.__name__}), nor can the shared snapshot: "
            "the bundled snapshot is shown, without any release imported since."
        )
        bundled = FileSnapshots(data_dir())
        return (bundled.key(), url, 0), bundled.log_key()
    return (backend.key(), url, upload_version()), backend.log_key()


def start_run() -> None:
    """Called first in every run (dashboard.py): the run's first lookup reads the data key afresh, and every later
    one in the same run gets that key, so one run never mixes two versions of the data."""
    st.session_state.pop(_KEY, None)


def data_key(version: int | None = None) -> DataKey:
    """What every cached result depends on, looked up once per run (file stats and one query)."""
    remembered = st.session_state.get(_KEY)
    if remembered is None:
        remembered = _lookup()
        st.session_state[_KEY] = remembered
    key = remembered[0]
    return key if version is None else (key[0], key[1], version)


def forget_data_key() -> None:
    """After this session writes figures or a snapshot version, look again at once (its next run must show them)."""
    st.session_state.pop(_KEY, None)


def log_stamp() -> str:
    """The status log's stamp, read with this run's data key."""
    data_key()
    return st.session_state[_KEY][1]


@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)
def _status_log(snapshot: str, url: str, log: str) -> dict:
    return _backend(snapshot, url)[0].read_log()


def status_log(key: DataKey | None = None, log: str | None = None) -> dict:
    """Each source's last refresh or import attempt, from the back end's log (cached by the log's stamp); this
    run's unless a data key and stamp are given."""
    key = key or data_key()
    return _status_log(key[0], key[1], log_stamp() if log is None else log)


def store_for(key: DataKey) -> Store:
    snapshot, url, head = key
    return _merged(snapshot, url, head) if head else _base_store(snapshot, url)


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
def _area_options(snapshot: str, url: str) -> tuple[list[str], dict[str, str]]:
    cat = _base_store(snapshot, url).catalogue
    areas = cat.areas.sort_values(["current", "area_name"], ascending=[False, True])
    labels = {r["area_code"]: area_label(r, cat.status_label(r["area_code"])) for r in areas.to_dict("records")}
    return list(labels), labels


def area_options() -> tuple[list[str], dict[str, str]]:
    """Council codes for pickers, current councils first, and their labels 'Name (GSS code)'."""
    snapshot, url, _ = data_key()
    return _area_options(snapshot, url)


def current_plan(plans: PlanStore, area: str):
    """(latest version, the plan at that version) of a council's action plan."""
    head = plans.head(area)
    return head, plan_at(db_url(), area, head)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def plan_at(url: str, area: str, head: int):
    return PlanStore(get_database(url)).actions_at(head)
