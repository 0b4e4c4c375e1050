"""The database's repositories for the pages that write: the officers' uploads and plans, and the administrators'
snapshot. If the database cannot be reached, each says so and stops the page (reading pages carry on)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from kpi.storage.figures import FigureStore
from kpi.storage.paths import data_dir
from kpi.storage.plans import PlanStore
from ui.data import db_url, get_database, get_snapshots


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
