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

st.header("Sources")
sources.status_section(page)

st.header("Import a downloaded release")
prose("sources_import")
sources.import_section(page)

st.header("Refresh from the official sites")
st.caption(
    "Needs network on the server. Each source is fetched in turn and its progress shown; those that work are "
    "applied together as one new version. Offline, each source fails at once with “no network”."
)
sources.refresh_section(page)

st.header("Versions")
sources.versions_section(page)

st.header("Reorganisations")
prose("sources_reorganisations")
reorganisations.held_section(page)
reorganisations.file_section(page)
st.subheader("When ONS issues a council's code")
reorganisations.recode_section(page)
