"""Upload council figures: template, validation, preview, confirm as one new version, history and rollback."""
from __future__ import annotations

import streamlit as st

from charts.upload import comparison_figure
from kpi.core import schema as S
from kpi.officers.tabular import EXCEL_ROW, MAX_BYTES, FileRejected, check_upload, sha256
from kpi.data.figures import ADD, CHANGE, CHANGED
from kpi.officers.uploads import parse_upload, template_csv, template_xlsx
from kpi.views.upload_preview import preview_series
from kpi.data.db import StoreError
from ui import auth
from ui.data import forget_data_key, get_store, upload_version, writable_figures
from ui.render import escape

store = get_store()
cat = store.catalogue
userstore = writable_figures()
access = auth.current_access()

st.title("Upload council figures")
auth.access_banner(access, area_name=cat.area_name)

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

ss = st.session_state
ss.setdefault("upload_round", 0)
# The version this officer was shown in the previous run: a click is a rerun, so a confirm or a rollback is
# checked against what the officer actually saw, and refused if someone saved a version since.
seen = ss.get("upload_head_shown")
head = upload_version()
if ss.get("upload_message"):
    kind, text = ss.pop("upload_message")
    (st.success if kind == "success" else st.info)(text)

st.header("Upload a file")
if not access.can_write:
    st.caption("Uploading is open to signed-in officers on the allow-list.")
else:
    uploaded = st.file_uploader("Council figures (CSV or Excel .xlsx)", type=["csv", "xlsx"],
                                key=f"upload_file_{ss['upload_round']}",
                                help="Nothing is saved until you confirm the preview.")
    if uploaded is not None:
        data = uploaded.getvalue()
        try:
            check_upload(uploaded.name, uploaded.size)
            parsed = parse_upload(data, uploaded.name, cat, writable=access.councils)
        except FileRejected as exc:
            st.error(f"This file cannot be read: {escape(str(exc))}. Nothing was written.", icon=":material/error:")
            parsed = None
        if parsed is not None and parsed.problems:
            st.error(f"{len(parsed.problems)} problem(s) found, so nothing was written. Fix these cells in your file "
                     "and upload it again (rows are numbered as in Excel, the header being row 1).",
                     icon=":material/error:")
            table = parsed.problem_table()
            table["value"] = table["value"].astype(str)
            st.dataframe(table, hide_index=True, width="stretch", key="upload_problems")
        elif parsed is not None:
            if not parsed.name_matches.empty:
                st.warning("Council names were matched to ONS codes. Check each match before you confirm.",
                           icon=":material/fact_check:")
                st.dataframe(parsed.name_matches.drop(columns="row"), hide_index=True, key="upload_matches")
            if parsed.new_metrics:
                st.info("New local measure(s) will be declared: " + ", ".join(
                    f"{escape(m['metric_id'])} ({escape(m['title'])}, {m['unit']}, {m['polarity']})"
                    for m in parsed.new_metrics.values()))
            marked = userstore.preview(parsed.rows)
            added, changed = int((marked[CHANGE] == ADD).sum()), int((marked[CHANGE] == CHANGED).sum())
            st.subheader("Preview")
            st.markdown(f"**{len(marked)} row(s)** read from the file: **{added} to add**, **{changed} to change**, "
                        f"{len(marked) - added - changed} already stored.")
            shown = marked[[EXCEL_ROW, S.AREA_CODE, S.METRIC_ID, S.PERIOD, "stored_value", S.VALUE, CHANGE, S.NOTES]]
            shown = shown.rename(columns={EXCEL_ROW: "row", "stored_value": "stored value", S.VALUE: "new value"})
            shown["stored value"] = shown["stored value"].map(lambda v: "" if v != v else f"{v:,.10g}")  # NaN: none
            st.dataframe(shown, hide_index=True, width="stretch", key="upload_preview")
            previews, pairs = preview_series(store, parsed.rows)
            for i, item in enumerate(previews):
                st.plotly_chart(comparison_figure(item), theme=None, key=f"upload_chart_{i}",
                                config={"displaylogo": False})
            if pairs > len(previews):
                st.caption(f"Charts show the first {len(previews)} of {pairs} council and measure pairs.")
            digest = sha256(data)
            if added == 0 and changed == 0:
                st.info(f"Nothing to save: every figure in this file is already stored (version {head}).",
                        icon=":material/check:")
            else:
                if st.button(f"Confirm and save {added + changed} row(s) as a new version", type="primary",
                             key="upload_confirm"):
                    try:
                        result = userstore.write_upload(
                            parsed.rows.drop(columns=EXCEL_ROW), who=access.who, file_name=uploaded.name,
                            sha256=digest, new_metrics=parsed.new_metrics, expected_head=head if seen is None else seen)
                    except StoreError as exc:
                        st.error(f"Nothing was written: {escape(str(exc))}.", icon=":material/error:")
                    else:
                        ss["upload_message"] = ("success" if result.version_id else "info", result.message)
                        ss["upload_round"] += 1
                        forget_data_key()
                        st.rerun()

st.header("History")
history = userstore.versions()
if history.empty:
    st.caption("No council-supplied figures have been saved yet.")
else:
    table = history[["version_id", "kind", "created_at", "created_by", "file_name", "sha256", "rows_added",
                     "rows_changed", "rows_total", "restores_version"]].copy()
    table["sha256"] = table["sha256"].str[:12]
    st.dataframe(table, hide_index=True, width="stretch", key="upload_history")
    current = int(history["version_id"].max())
    older = [int(v) for v in history["version_id"] if int(v) != current]
    if access.can_write and older:
        target = st.selectbox("Restore an earlier version", older, key="rollback_version",
                              format_func=lambda v: f"version {v}")
        st.caption("Restoring saves a new version with that version's figures; nothing is deleted.")
        if st.button(f"Restore version {target}", key="rollback_confirm"):
            try:
                result = userstore.rollback(int(target), who=access.who, writable=access.councils,
                                            expected_head=current if seen is None else seen)
            except StoreError as exc:
                st.error(f"Nothing was written: {escape(str(exc))}.", icon=":material/error:")
            else:
                ss["upload_message"] = ("success" if result.version_id else "info", result.message)
                forget_data_key()
                st.rerun()

ss["upload_head_shown"] = head
