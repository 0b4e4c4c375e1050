"""The sections of the Data sources page: each source's status, import a downloaded release (recognise, preview,
apply as a version), refresh from the official sites with progress per source, and the versions with rollback.

Every step goes through admin/ (the ui never imports the loaders); a write that is refused writes nothing and says
why; a write that worked is announced on the next run, drawn from the new version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from admin import refresh as admin_refresh
from admin import releases
from admin import sources as admin_sources
from kpi.model.store import Store
from kpi.storage.snapshots import SnapshotError
from ui.data import forget_data_key
from ui.officers import show_message
from ui.render import escape
from ui.status import STATUS_HEADINGS
from ui.views import cached_source_status

MESSAGE = "sources_message"
SECTION = "section"  # the open tab's key in the session and its name in the URL (?section=Versions)
SECTIONS = ("Sources", "Import a release", "Refresh", "Versions", "Reorganisations")
_PREVIEW = "sources_preview"


@dataclass(frozen=True)
class SourcesPage:
    store: Store
    snapshots: object  # the snapshot's back end (files or PostgreSQL)
    who: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _done(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)
    forget_data_key()
    st.rerun()


def show_outcome() -> None:
    """The outcome of the previous run's write, once, whichever tab it was made in."""
    show_message(MESSAGE)


def status_section(page: SourcesPage) -> None:
    table = cached_source_status().official
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="sources_status",
        column_order=["title", "page", "updated_by", "release", "retrieved", "councils", "first", "last"]
        + ["last_attempt", "result", "message"],
        column_config={
            **STATUS_HEADINGS,
            "page": st.column_config.LinkColumn("Official page", display_text=r"https?://([^/]+).*"),
            "updated_by": "How it is updated",
        },
    )
    for sid, note in admin_refresh.by_hand().items():
        title = page.store.catalogue.source_title(sid)
        st.caption(
            f"No stable address: {escape(title)}. {escape(note)}; or drop the file in the 'Import a release' tab."
        )


def import_section(page: SourcesPage) -> None:
    st.session_state.setdefault("sources_round", 0)
    uploaded = st.file_uploader(
        "A release file downloaded from the publisher's page (CSV, Excel or OpenDocument)",
        type=list(releases.TYPES),
        key=f"sources_file_{st.session_state['sources_round']}",
        max_upload_size=releases.MAX_BYTES // 1024 // 1024,
        help="The file is recognised by its content. Nothing changes until you apply the preview.",
    )
    if uploaded is None:
        st.session_state.pop(_PREVIEW, None)
        return
    preview = _preview(page, uploaded)
    if preview is not None:
        _show_preview(page, preview)


def _preview(page: SourcesPage, uploaded) -> releases.Preview | None:
    data = uploaded.getvalue()
    head = page.snapshots.head()
    kept = st.session_state.get(_PREVIEW)
    if kept and kept[0] == (uploaded.name, len(data)):
        # The preview this administrator saw: applying it is checked against the version it was worked out from.
        if kept[1].parent != head:
            st.warning(
                f"Snapshot version {head} was saved since this preview was worked out (against version "
                f"{kept[1].parent}): applying it will be refused. Drop the file again to see what it changes now.",
                icon=":material/history:",
            )
        return kept[1]
    try:
        with st.spinner(f"Reading {uploaded.name} and checking it against snapshot version {head}…"):
            preview = releases.preview(page.snapshots, data, uploaded.name, who=page.who, now=_now())
    except releases.Refused as exc:
        st.error(f"This file was not applied: {escape(str(exc))}. Nothing was changed.", icon=":material/error:")
        return None
    st.session_state[_PREVIEW] = ((uploaded.name, len(data)), preview)
    return preview


def _show_preview(page: SourcesPage, preview: releases.Preview) -> None:
    catalogue = page.store.catalogue
    st.subheader("What would change")
    st.markdown(
        f"**{escape(preview.file_name)}** is a release of **{escape(preview.source_title)}**"
        f" ({escape(preview.release or 'release not stated in the file')}). SHA-256 `{preview.sha256}`."
    )
    st.markdown(preview.summary())
    if preview.unmatched:
        st.warning("Names matched to no council (not loaded): " + escape(", ".join(preview.unmatched)))
    if not preview.rows.empty:
        titles = {m: catalogue.metrics[m].title for m in catalogue.metrics}
        st.dataframe(preview.by_measure(titles), hide_index=True, key="sources_by_measure")
        names = dict(zip(catalogue.areas["area_code"], catalogue.areas["area_name"]))
        sample = preview.sample(names)
        st.caption(f"The first {len(sample)} of {len(preview.rows):,} changed figures:")
        st.dataframe(sample, hide_index=True, width="stretch", key="sources_sample")
    if preview.nothing_to_change:
        st.info("Nothing to apply: the snapshot already holds every figure in this file.", icon=":material/check:")
        return
    if st.button(f"Apply as snapshot version {preview.parent + 1}", type="primary", key="sources_apply"):
        try:
            info = releases.apply(page.snapshots, preview, now=_now())
        except SnapshotError as exc:
            st.session_state["sources_round"] += 1  # a fresh drop zone: the file is previewed again from scratch
            st.session_state.pop(_PREVIEW, None)
            st.error(f"Nothing was changed: {escape(str(exc))}.", icon=":material/error:")
            return
        st.session_state["sources_round"] += 1
        st.session_state.pop(_PREVIEW, None)
        _done(
            "success",
            f"Applied {escape(preview.file_name)} as snapshot version {info.version_id} (by {escape(info.created_by)}"
            f", SHA-256 {preview.sha256[:12]}…). Every page now shows it; roll back in the Versions tab if needed.",
        )


def refresh_section(page: SourcesPage) -> None:
    catalogue = page.store.catalogue
    chosen = st.multiselect(
        "Sources to refresh",
        admin_refresh.refreshable(),
        default=admin_refresh.refreshable(),
        format_func=catalogue.source_title,
        key="sources_refresh_choice",
    )
    if not st.button("Refresh from the official sites", key="sources_refresh", disabled=not chosen):
        return
    boxes = {sid: st.status(f"{catalogue.source_title(sid)}: waiting", state="running") for sid in chosen}

    def progress(sid: str, state: str, text: str) -> None:
        title, box = catalogue.source_title(sid), boxes[sid]
        if state == "fetching":
            box.update(label=f"{title}: fetching…", state="running")
            if text:
                box.text(text)
        elif state == "ok":
            box.update(label=f"{title}: {text}", state="complete")
        else:
            box.update(label=f"{title}: failed", state="error", expanded=True)
            box.text(text)

    result = admin_refresh.refresh(page.snapshots, chosen, who=page.who, now=_now(), progress=progress)
    _after_refresh(result)


def _after_refresh(result: admin_refresh.Refreshed) -> None:
    failed = ", ".join(sorted(result.failed))
    if result.version is None:
        hint = ""
        if result.failed and all("no network" in m for m in result.failed.values()):
            hint = (
                " This server has no network: download the files from the official pages (the Sources tab) and "
                "import them."
            )
        st.error(f"Nothing was changed: every source failed ({escape(failed)}).{hint}", icon=":material/error:")
        return
    text = f"Applied as snapshot version {result.version.version_id}: {escape(', '.join(result.ok))}."
    if failed:
        text += f" Failed, left as they were: {escape(failed)}."
    _done("info" if failed else "success", text)


def versions_section(page: SourcesPage) -> None:
    status = cached_source_status()
    current = status.current
    st.dataframe(status.versions, hide_index=True, width="stretch", key="sources_history")
    target = admin_sources.rollback_target(current)
    st.markdown(f"Now showing {escape(admin_sources.describe(current))}.")
    if not target:
        st.caption("There is no earlier version to roll back to.")
        return
    st.caption(f"Rolling back saves a new version with version {target}'s snapshot, byte for byte; nothing is deleted.")
    if st.button(f"Roll back to version {target}", key="sources_rollback"):
        try:
            info = admin_sources.rollback(page.snapshots, who=page.who, now=_now())
        except SnapshotError as exc:
            st.error(f"Nothing was changed: {escape(str(exc))}.", icon=":material/error:")
            return
        _done("success", f"Rolled back: snapshot version {info.version_id} restores version {info.restores}.")
