"""The caching boundary, data half: the stores, the database and the data key (ui/views.py caches what is drawn).

The official snapshot is loaded and indexed once per snapshot version (kpi.storage.snapshots): on files, the version
data/CURRENT names; with PostgreSQL, the latest version in the shared database, so a refresh, import or rollback on
any replica shows on every replica's next rerun without a restart. Council-supplied figures live in the writable
store (SQLite or PostgreSQL); the merged store is cached by the uploads' latest version number. The data key is
looked up once per run: file stats and one cheap query (the uploads' and the action plans' latest versions; with
PostgreSQL the snapshot version and the status log's stamp too). Nothing uploaded is cached here before it is
confirmed and written.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from charts.export import Exporter
from kpi.core.successors import area_label
from kpi.model.store import Store, merged_store
from kpi.officers.figures.template import template_csv, template_xlsx
from kpi.storage.backends import is_database_url, open_snapshots
from kpi.storage.db import Database, default_url
from kpi.storage.figures import FigureStore
from kpi.storage.paths import data_dir
from kpi.storage.plans import PlanStore, actions_frame
from kpi.storage.snapshot_files import FileSnapshots
from ui.cache_keys import KEYS, by_name

_DB_ERROR = "_db_error"


@dataclass(frozen=True)
class DataKey:
    """Everything a cached result depends on, each part a field: the official snapshot's version and where it is
    read from, the database URL and the latest upload version. Small and frozen: hashable, cheap as a cache key."""

    version: int  # the official snapshot's version
    url: str  # the database URL
    uploads: int = 0  # the latest upload version of the council-supplied figures (0: none)
    folder: str = ""  # the snapshot's files; "" when it is in the shared database
    stamp: str = ""  # its files' modification times and sizes (a rebuilt version 1 is new data)
    day: dt.date | None = None  # today: councils as they stand that day (a vesting day takes effect on its first run)

    @property
    def official(self) -> DataKey:
        """The key of the official snapshot alone, whatever has been uploaded."""
        return replace(self, uploads=0)


def db_url() -> str:
    """KPI_DB_URL, else [connections.kpi] url in secrets.toml (st.connection's format), else the local SQLite file."""
    if os.environ.get("KPI_DB_URL"):
        return os.environ["KPI_DB_URL"]
    try:
        url = st.secrets.get("connections", {}).get("kpi", {}).get("url")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning nothing
        url = None
    return url or default_url()


def snapshot_backend(key: DataKey):
    """The back end a data key's snapshot was read from."""
    return FileSnapshots(Path(key.folder)) if key.folder else get_snapshots(key.url, str(data_dir()))


@by_name(st.cache_resource(hash_funcs=KEYS, show_spinner="Loading the data…", max_entries=2))
def _base_store(key: DataKey) -> Store:
    return _kept(Store.from_snapshot(snapshot_backend(key).read(key.version), today=key.day))  # as they stand that day


def _kept(store: Store) -> Store:
    """A store just built lives as long as its version is current: its objects, and the modules loaded before it, are
    set aside from the garbage collector's full collections, which otherwise walk every one of them (about 100 ms).
    What was set aside at the last build is looked at again first, so a store since dropped is still collected.
    Decision 0017."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return store


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, show_spinner=False))
def get_database(url: str) -> Database:
    """One engine (and connection pool) per database URL per process."""
    return Database(url)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, show_spinner=False))
def get_snapshots(url: str, folder: str):
    """The snapshot's back end for this process (PostgreSQL's tables or the files in `folder`); opening it
    cleans up after an interrupted write, and seeds an empty database with the bundled data/ as version 1."""
    database = get_database(url) if is_database_url(url) else None
    snapshots = open_snapshots(url, Path(folder), database=database)
    snapshots.recover()
    return snapshots


@by_name(
    st.cache_resource(hash_funcs=KEYS, max_entries=2, ttl=24 * 3600, show_spinner="Loading council-supplied figures…")
)
def _merged(key: DataKey) -> Store:
    return _kept(merged_store(_base_store(key.official), FigureStore(get_database(key.url)), key.uploads))


def _latest_versions() -> tuple[int, int]:
    """(latest upload version, latest version of any action plan) in one query (0, 0 if the database cannot be read)."""
    try:
        latest = get_database(db_url()).latest()
        st.session_state.pop(_DB_ERROR, None)
        return latest
    except SQLAlchemyError as exc:
        st.session_state[_DB_ERROR] = f"The council-supplied figures cannot be read ({exc.__class__.__name__})."
        return 0, 0


def db_error() -> str | None:
    return st.session_state.get(_DB_ERROR)


_KEY = "_data_key"


def _lookup() -> tuple[DataKey, str, int]:
    """(data key, status log stamp, latest version of any action plan), read now: file stats, one query and today's
    date (so a vesting day takes effect on its first run)."""
    key, log, plans = _read_key()
    return replace(key, day=dt.date.today()), log, plans


def _read_key() -> tuple[DataKey, str, int]:
    url = db_url()
    try:
        backend = get_snapshots(url, str(data_dir()))
        if backend.backend == "database":
            head, log, uploads, plans = backend.heads()
            st.session_state.pop(_DB_ERROR, None)
            return DataKey(head, url, uploads), log, plans
    except SQLAlchemyError as exc:  # the shared database is down: the bundled snapshot, and say so
        st.session_state[_DB_ERROR] = (
            f"The council-supplied figures cannot be read ({exc.__class__.__name__}), nor can the shared snapshot: "
            "the bundled snapshot is shown, without any release imported since."
        )
        return _files_key(FileSnapshots(data_dir()), url, (0, 0))
    return _files_key(backend, url, _latest_versions())


def _files_key(backend: FileSnapshots, url: str, latest: tuple[int, int]) -> tuple[DataKey, str, int]:
    version, stamp = backend.stamped_head()
    return DataKey(version, url, latest[0], folder=str(backend.root), stamp=stamp), backend.log_key(), latest[1]


def start_run() -> None:
    """Called first in every run (dashboard.py): the run's first lookup reads the data key afresh, and every later
    one in the same run gets that key, so one run never mixes two versions of the data."""
    st.session_state.pop(_KEY, None)


def _looked_up() -> tuple[DataKey, str, int]:
    """This run's lookup (data key, status log stamp, latest version of any action plan), made once per run."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = _lookup()
    return st.session_state[_KEY]


def data_key() -> DataKey:
    """What every cached result depends on, looked up once per run (file stats and one query)."""
    return _looked_up()[0]


def forget_data_key() -> None:
    """After this session writes figures or a snapshot version, look again at once (its next run must show them)."""
    st.session_state.pop(_KEY, None)


def log_stamp() -> str:
    """The status log's stamp, read with this run's data key."""
    return _looked_up()[1]


@by_name(st.cache_data(hash_funcs=KEYS, max_entries=8, ttl=3600, show_spinner=False))
def _status_log(key: DataKey, log: str) -> dict:
    return snapshot_backend(key).read_log()


def status_log(key: DataKey | None = None, log: str | None = None) -> dict:
    """Each source's last refresh or import attempt, from the back end's log (cached by the log's stamp); this
    run's unless a data key and stamp are given."""
    key = key or data_key()
    return _status_log(key.official, log_stamp() if log is None else log)


def store_for(key: DataKey) -> Store:
    return _merged(key) if key.uploads else _base_store(key.official)


def get_store() -> Store:
    return store_for(data_key())


@by_name(st.cache_resource(hash_funcs=KEYS, show_spinner=False))
def get_exporter() -> Exporter:
    """One image exporter (one kaleido browser) per process; it serialises exports itself."""
    return Exporter()


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=2, show_spinner=False))
def _area_options(key: DataKey) -> tuple[list[str], dict[str, str]]:
    cat = _base_store(key).catalogue
    areas = cat.areas.sort_values(["current", "area_name"], ascending=[False, True])
    labels = {r["area_code"]: area_label(r, cat.status_label(r["area_code"])) for r in areas.to_dict("records")}
    return list(labels), labels


def area_options() -> tuple[list[str], dict[str, str]]:
    """Council codes for pickers, current councils first, and their labels 'Name (GSS code)'."""
    return _area_options(data_key().official)


NO_PLAN = actions_frame([])


def current_plan(area: str) -> tuple[int, pd.DataFrame, int]:
    """(latest version, the plan at it, how many versions) of a council's plan; (0, NO_PLAN, 0) without one."""
    head, versions = _plan_heads(url := db_url(), _looked_up()[2]).get(area, (0, 0))
    return head, plan_at(url, area, head) if head else NO_PLAN, versions


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, ttl=3600, show_spinner=False))
def _plan_heads(url: str, latest: int) -> dict[str, tuple[int, int]]:
    """Each council's latest plan version and number of versions, read once for each latest version of any plan."""
    return PlanStore(get_database(url)).heads()


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=64, ttl=3600, show_spinner=False))
def plan_at(url: str, area: str, head: int) -> pd.DataFrame:
    """A council's plan at a version, read once (callers must not mutate it)."""
    return PlanStore(get_database(url)).actions_at(head)


@by_name(st.cache_data(hash_funcs=KEYS, max_entries=1, show_spinner=False))
def cached_templates() -> tuple[bytes, bytes]:
    """The upload template as CSV and as an Excel workbook (made once per process)."""
    return template_csv(), template_xlsx()
