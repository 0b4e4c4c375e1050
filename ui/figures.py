"""The sections of the Upload figures page: templates, the preview of a checked file, and the history."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import streamlit as st

from charts.figures import comparison_figure
from kpi.model.store import Store
from kpi.officers.access import Access
from kpi.officers.figures import flow
from kpi.officers.figures.read import ParsedUpload
from kpi.storage.figures import FigureStore
from kpi.views.figures_preview import preview_series
from ui import officers
from ui.data import cached_templates, forget_data_key
from ui.render import escape
from ui.views import cached_upload_figures, cached_upload_history

MESSAGE = "upload_message"
PARSED = "upload_parsed"  # the file read last, kept for this session only (ui.officers.read_file)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class UploadPage:
    store: Store
    figures: FigureStore
    access: Access
    head: int  # the latest version now
    seen: int  # the version shown to this officer in the previous run: saves are checked against it


def template_buttons() -> None:
    """The template as CSV and Excel, made (once per process) only when a button is clicked."""
    row = st.container(horizontal=True)  # side by side: one block, not a column each
    row.download_button(
        "Download the template (CSV)",
        lambda: cached_templates()[0],
        file_name="council_figures_template.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        "Download the template (Excel)",
        lambda: cached_templates()[1],
        file_name="council_figures_template.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )


def checked_file(page: UploadPage, uploaded, parsed: ParsedUpload) -> None:
    """The problems of a file, or its preview against what is stored with the button that saves it."""
    if parsed.problems:
        intro = "Fix these cells in your file and upload it again (rows are numbered as in Excel, the header row 1)."
        officers.show_problems(parsed.problem_table(), key="upload_problems", intro=intro)
        return
    if not parsed.name_matches.empty:
        st.warning(
            "Council names were matched to ONS codes. Check each match before you confirm.",
            icon=":material/fact_check:",
        )
        st.dataframe(parsed.name_matches.drop(columns="row"), hide_index=True, key="upload_matches")
    if parsed.new_metrics:
        declared = ", ".join(
            f"{escape(m['metric_id'])} ({escape(m['title'])}, {m['unit']}, {m['polarity']})"
            for m in parsed.new_metrics.values()
        )
        st.info(f"New local measure(s) will be declared: {declared}")
    preview = flow.preview_upload(page.figures, parsed, cached_upload_figures(page.head))
    st.subheader("Preview")
    st.markdown(preview.summary)
    st.dataframe(preview.table, hide_index=True, width="stretch", key="upload_preview")
    series, pairs = preview_series(page.store, parsed.rows)
    for i, item in enumerate(series):
        st.plotly_chart(comparison_figure(item), theme=None, key=f"upload_chart_{i}", config={"displaylogo": False})
    if pairs > len(series):
        st.caption(f"Charts show the first {len(series)} of {pairs} council and measure pairs.")
    if preview.nothing_to_save:
        st.info(
            f"Nothing to save: every figure in this file is already stored (version {page.head}).",
            icon=":material/check:",
        )
    elif st.button(
        f"Confirm and save {preview.added + preview.changed} row(s) as a new version",
        type="primary",
        key="upload_confirm",
    ):
        officers.save_file(
            partial(flow.save_upload, page.figures, parsed),
            uploaded,
            access=page.access,
            expected_head=page.seen,
            message_key=MESSAGE,
            after=_after_upload,
        )


def _after_upload() -> None:
    st.session_state["upload_round"] += 1
    st.session_state.pop(PARSED, None)
    forget_data_key()


def history_section(page: UploadPage) -> None:
    history, shown = cached_upload_history(page.head)
    if history.empty:
        st.caption("No council-supplied figures have been saved yet.")
        return
    st.dataframe(shown, hide_index=True, width="stretch", key="upload_history")
    if not (page.access.can_write and history.older):
        return
    target = st.selectbox(
        "Restore an earlier version", history.older, key="rollback_version", format_func=lambda v: f"version {v}"
    )
    st.caption("Restoring saves a new version with that version's figures; nothing is deleted.")
    if st.button(f"Restore version {target}", key="rollback_confirm"):
        seen = history.current if st.session_state.get("upload_head_shown") is None else page.seen
        officers.save(
            lambda: flow.restore(page.figures, target, access=page.access, expected_head=seen),
            message_key=MESSAGE,
            after=forget_data_key,
        )
