"""Data sources (administrators): each source's status and official page, import a downloaded release, refresh from
the official sites, the snapshot's versions with rollback, and reorganisations (added from a file, recoded)."""

from __future__ import annotations

import streamlit as st

from ui import auth, reorganisations, sources
from ui.data import get_store
from ui.render import prose
from ui.writable import snapshots

store = get_store()
access = auth.current_access()

st.title("Data sources")
if not auth.administrator(access):
    auth.access_banner(access, area_name=store.catalogue.area_name)
    st.info(
        "Updating the official data is open to administrators (listed in `[kpi] administrators`). Every source's "
        "status is on the Data and methods page.",
        icon=":material/lock:",
    )
    st.stop()

page = sources.SourcesPage(store=store, snapshots=snapshots(), who=access.who)
where = {"database": "the shared PostgreSQL database, which every replica reads"}
prose("sources_intro", where=where.get(page.snapshots.backend, "files in this server's data folder"))

sources.show_outcome()  # what the previous run's import, refresh, rollback or recoding did, above the tabs


def sources_tab() -> None:
    st.header("Sources")
    sources.status_section(page)


def import_tab() -> None:
    st.header("Import a downloaded release")
    prose("sources_import")
    sources.import_section(page)


def refresh_tab() -> None:
    st.header("Refresh from the official sites")
    st.caption(
        "Needs network on the server. Each source is fetched in turn and its progress shown; those that work are "
        "applied together as one new version. Offline, each source fails at once with “no network”."
    )
    sources.refresh_section(page)


def versions_tab() -> None:
    st.header("Versions")
    sources.versions_section(page)


def reorganisations_tab() -> None:
    st.header("Reorganisations")
    prose("sources_reorganisations")
    reorganisations.held_section(page)
    reorganisations.file_section(page)
    st.subheader("When ONS issues a council's code")
    reorganisations.recode_section(page)


# Only the open tab is drawn (a tab change is a rerun), and the URL names it (?section=Versions).
tabs = st.tabs(list(sources.SECTIONS), key=sources.SECTION, bind="query-params")
for container, draw in zip(tabs, (sources_tab, import_tab, refresh_tab, versions_tab, reorganisations_tab)):
    if container.open:
        with container:
            draw()
