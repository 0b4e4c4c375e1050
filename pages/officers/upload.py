"""Upload council figures: template, validation, preview, confirm as one new version, history and rollback."""
from __future__ import annotations

import streamlit as st

from charts.upload import comparison_figure
from kpi.officers import upload_flow as flow
from kpi.officers.tabular import MAX_BYTES
from kpi.officers.template import template_csv, template_xlsx
from kpi.views.upload_preview import preview_series
from ui import auth, officers
from ui.data import forget_data_key, get_store, upload_version, writable_figures
from ui.render import escape

store = get_store()
figures = writable_figures()
access = auth.current_access()
ss = st.session_state
ss.setdefault("upload_round", 0)
# The version this officer was shown in the previous run: a click is a rerun, so a confirm or a rollback is
# checked against what the officer actually saw, and refused if someone saved a version since.
seen = ss.get("upload_head_shown")
head = upload_version()

st.title("Upload council figures")
auth.access_banner(access, area_name=store.catalogue.area_name)
st.markdown(
    "Add figures no national release has (FTE staff, headcount, local measures, a settlement not yet in the "
    "snapshot). Once confirmed they appear on every chart and in every export, marked **council-supplied**, "
    "beside any official figure for the same year, never instead of it."
)
with st.expander("How to fill in the file", expanded=False):
    st.markdown(
        "- One row per council, measure and financial year, with the columns `area_code`, `metric_id`, `period`, "
        "`value` (optional: `area_name`, `notes`). A file with exactly those four columns is always accepted.\n"
        "- **Council**: its ONS code (e.g. E09000002) or its name; names are matched and the match is shown.\n"
        "- **Measure**: an id from *Data and methods*, e.g. `fte` or `headcount`. A new local measure needs the "
        "columns `metric_title`, `metric_unit` (gbp, people, percent, score, rate, fte, count) and "
        "`metric_polarity` (higher_better, lower_better, context).\n"
        "- **Financial year**: 2023-24, 2023/24, 2023-2024 or FY2023. **FY2023 means the year starting "
        "1 April 2023, i.e. 2023-24.**\n"
        "- **Value** in base units (pounds, not £000; percent as 0-100). £ signs, thousands separators and % "
        "(for percent measures) are read. CSV in UTF-8 or Windows-1252, comma or semicolon separated, or an "
        f"Excel .xlsx workbook (first sheet), up to {MAX_BYTES // 1024 // 1024} MB.\n"
        "- The template's two rows marked EXAMPLE are not real figures: replace or delete them."
    )
cols = st.columns(2)
cols[0].download_button("Download the template (CSV)", template_csv(), file_name="council_figures_template.csv",
                        mime="text/csv", icon=":material/download:")
cols[1].download_button("Download the template (Excel)", template_xlsx(), file_name="council_figures_template.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        icon=":material/download:")
officers.show_message("upload_message")


def after_save() -> None:
    ss["upload_round"] += 1
    forget_data_key()


st.header("Upload a file")
uploaded = None
if not access.can_write:
    st.caption("Uploading is open to signed-in officers on the allow-list.")
else:
    uploaded = st.file_uploader("Council figures (CSV or Excel .xlsx)", type=["csv", "xlsx"],
                                key=f"upload_file_{ss['upload_round']}",
                                help="Nothing is saved until you confirm the preview.")
parsed = uploaded and officers.read_file(
    uploaded, lambda data, name, size: flow.read_upload(data, name, size, store.catalogue, access))
if parsed and parsed.problems:
    officers.show_problems(parsed.problem_table(), key="upload_problems", intro="Fix these cells in your file and "
                           "upload it again (rows are numbered as in Excel, the header being row 1).")
elif parsed:
    if not parsed.name_matches.empty:
        st.warning("Council names were matched to ONS codes. Check each match before you confirm.",
                   icon=":material/fact_check:")
        st.dataframe(parsed.name_matches.drop(columns="row"), hide_index=True, key="upload_matches")
    if parsed.new_metrics:
        st.info("New local measure(s) will be declared: " + ", ".join(
            f"{escape(m['metric_id'])} ({escape(m['title'])}, {m['unit']}, {m['polarity']})"
            for m in parsed.new_metrics.values()))
    preview = flow.preview_upload(figures, parsed)
    st.subheader("Preview")
    st.markdown(preview.summary)
    st.dataframe(preview.table, hide_index=True, width="stretch", key="upload_preview")
    series, pairs = preview_series(store, parsed.rows)
    for i, item in enumerate(series):
        st.plotly_chart(comparison_figure(item), theme=None, key=f"upload_chart_{i}", config={"displaylogo": False})
    if pairs > len(series):
        st.caption(f"Charts show the first {len(series)} of {pairs} council and measure pairs.")
    if preview.nothing_to_save:
        st.info(f"Nothing to save: every figure in this file is already stored (version {head}).",
                icon=":material/check:")
    elif st.button(f"Confirm and save {preview.added + preview.changed} row(s) as a new version", type="primary",
                   key="upload_confirm"):
        officers.save(lambda: flow.save_upload(figures, parsed, data=uploaded.getvalue(), file_name=uploaded.name,
                                               access=access, expected_head=head if seen is None else seen),
                      message_key="upload_message", after=after_save)

st.header("History")
history = flow.history(figures)
if history.empty:
    st.caption("No council-supplied figures have been saved yet.")
else:
    st.dataframe(history.table, hide_index=True, width="stretch", key="upload_history")
    if access.can_write and history.older:
        target = st.selectbox("Restore an earlier version", history.older, key="rollback_version",
                              format_func=lambda v: f"version {v}")
        st.caption("Restoring saves a new version with that version's figures; nothing is deleted.")
        if st.button(f"Restore version {target}", key="rollback_confirm"):
            officers.save(lambda: flow.restore(figures, target, access=access,
                                               expected_head=history.current if seen is None else seen),
                          message_key="upload_message", after=forget_data_key)
ss["upload_head_shown"] = head
