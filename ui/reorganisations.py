"""The reorganisations sections of the Data sources page: the councils structural changes orders create, a
reorganisation file checked row by row, previewed and applied as a snapshot version, and a provisional code recoded
when ONS issues the council's own.

Every step goes through admin/ (the ui never imports the loaders); a refused file or recode writes nothing and says
why, row by row; a write that worked is announced on the next run, drawn from the new version.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from admin import reorganisations as admin_reorganisations
from kpi.core.codes import clean
from kpi.storage.db import StoreError
from kpi.storage.snapshots import SnapshotError
from ui.data import forget_data_key
from ui.officers import show_problems
from ui.render import escape
from ui.sources import MESSAGE, SourcesPage
from ui.views import cached_methods_tables
from ui.writable import writable_figures

_KEPT = "reorganisation_preview"
_ROUND = "reorganisation_round"


def _announce(text: str) -> None:
    st.session_state[MESSAGE] = ("success", text)  # shown at the top of the page on the next run
    forget_data_key()
    st.rerun()


def held_section(page: SourcesPage) -> None:
    table = cached_methods_tables()["held"]  # made once per snapshot version
    if not table.num_rows:
        st.caption("The snapshot holds no reorganisation beyond those in the area catalogue.")
        return
    st.dataframe(table, hide_index=True, width="stretch", key="reorganisations_held")


def file_section(page: SourcesPage) -> None:
    st.session_state.setdefault(_ROUND, 0)
    uploaded = st.file_uploader(
        "A reorganisation file (CSV with the columns of reorganisations.csv)",
        type=["csv"],
        key=f"reorganisation_file_{st.session_state[_ROUND]}",
        max_upload_size=1,
        help="Checked row by row before anything is written. Nothing changes until you apply the preview.",
    )
    if uploaded is None:
        st.session_state.pop(_KEPT, None)
        return
    data = uploaded.getvalue()
    kept = st.session_state.get(_KEPT)
    if kept is None or kept[0] != (uploaded.name, data):
        try:
            found = admin_reorganisations.preview(page.snapshots, data, uploaded.name, who=page.who, now=_now())
        except admin_reorganisations.Refused as exc:
            show_problems(
                exc.table(), intro="Correct these rows and drop the file again.", key="reorganisation_problems"
            )
            return
        kept = st.session_state[_KEPT] = ((uploaded.name, data), found)
    _show(page, kept[1])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _show(page: SourcesPage, preview: admin_reorganisations.Preview) -> None:
    st.markdown(f"**{escape(preview.file_name)}** (SHA-256 `{preview.sha256}`) would make these changes:")
    st.markdown("\n".join(f"- {escape(line)}" for line in preview.lines))
    if preview.nothing_to_change:
        st.info("Nothing to apply: the snapshot holds these reorganisations already.", icon=":material/check:")
        return
    if preview.parent != page.snapshots.head():
        st.warning("Another version was saved since this preview: drop the file again.", icon=":material/history:")
    if not st.button(f"Apply as snapshot version {preview.parent + 1}", type="primary", key="reorganisation_apply"):
        return
    st.session_state[_ROUND] += 1
    st.session_state.pop(_KEPT, None)
    try:
        info = admin_reorganisations.apply(page.snapshots, preview)
    except SnapshotError as exc:
        st.error(f"Nothing was changed: {escape(str(exc))}.", icon=":material/error:")
        return
    _announce(f"Applied {preview.file_name} as snapshot version {info.version_id}; roll back under Versions if needed.")


def recode_section(page: SourcesPage) -> None:
    councils = admin_reorganisations.provisional(page.store.catalogue)
    if not councils:
        st.caption("No council has a provisional code.")
        return
    chosen = st.selectbox(
        "Council with a provisional code",
        list(councils),
        format_func=lambda c: f"{councils[c]} ({c})",
        key="recode_from",
    )
    official = st.text_input("The code ONS issued", max_chars=9, placeholder="e.g. E06000070", key="recode_to")
    if not st.button("Recode", key="recode_apply", disabled=not official.strip()):
        return
    try:
        lines = admin_reorganisations.recode(
            page.snapshots, writable_figures().db, chosen, clean(official), who=page.who, now=_now()
        )
    except admin_reorganisations.Refused as exc:
        st.error(f"Nothing was changed: {escape(str(exc))}.", icon=":material/error:")
        return
    except (SnapshotError, StoreError) as exc:
        st.error(f"Not finished: {escape(str(exc))}. Recode again to finish the rest.", icon=":material/error:")
        return
    _announce(f"Recoded {councils[chosen]}: " + "; ".join(lines) + ".")
