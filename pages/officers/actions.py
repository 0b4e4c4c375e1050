"""Action plans: import a productivity or peer-challenge plan, see what is overdue, edit it, export it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from charts.actions import progress_figure, timeline_figure
from charts.export import ExportUnavailable
from charts.trend import trend_figure_from_view
from kpi.core.defaults import DEFAULT_AREA
from kpi.officers import actions as A
from kpi.officers.tabular import EXCEL_ROW, FileRejected, check_upload, sha256
from kpi.data.db import StoreError
from kpi.views.trend import TrendRequest
from ui import auth, render
from ui.data import cached_trend_view, get_exporter, get_store, writable_plans
from ui.render import escape

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"

store = get_store()
cat = store.catalogue
userstore = writable_plans()
access = auth.current_access()
area = st.session_state.get("area", DEFAULT_AREA)
name = cat.area_name(area)
ss = st.session_state
ss.setdefault("actions_round", 0)

st.title(f"Action plan: {name}")
auth.access_banner(access, area_name=cat.area_name)
writable = access.may_write_for(area)
if access.can_write and not writable:
    st.caption(f"You may not edit {name}'s plan: choose one of your councils in the sidebar.")
if ss.get("actions_message"):
    kind, text = ss.pop("actions_message")
    (st.success if kind == "success" else st.info)(text)

head = userstore.head(area)
plan = userstore.current_actions(area)
# The version shown in the previous run (a click is a rerun): saves are checked against what the officer saw.
shown_area, shown_head = ss.get("actions_head_shown", (area, head))
seen = shown_head if shown_area == area else head
known = set(cat.metrics)

overview, import_tab, edit_tab, history_tab = st.tabs(["Overview", "Import a plan", "Edit", "History"])

with overview:
    if plan.empty:
        st.info(f"No action plan has been saved for {name} yet. Import one in the 'Import a plan' tab.")
    else:
        as_of = st.date_input("Overdue as of", value=dt.date.today(), key="actions_as_of", format="DD/MM/YYYY")
        late = A.overdue(plan, as_of)
        counts = A.by_status(plan)
        st.markdown(f"**{len(plan)} actions** in version {head}: " + ", ".join(
            f"{n} {s.lower() if s != 'N/A' else 'N/A'}" for s, n in zip(counts["status"], counts["actions"]) if n)
            + f". **{len(late)} overdue** as of {as_of:%d %B %Y}.")
        st.subheader(f"Overdue as of {as_of:%d %B %Y}")
        if late.empty:
            st.caption("Nothing is overdue on that date.")
        else:
            st.dataframe(late[["ref", "action", "deadline_text", "due_date", "status", "status_text", "days_overdue"]],
                         hide_index=True, width="stretch", key="actions_overdue")
        st.subheader("By status")
        st.dataframe(counts, hide_index=True, key="actions_by_status")
        timeline = A.timeline(plan)
        fig = timeline_figure(timeline, title=f"Action plan deadlines: {name}", as_of=as_of.isoformat(),
                              note="Month deadlines are due at the month's end, years on 31 December, financial "
                                   "years on 31 March. Source: the council's action plan (council-supplied).")
        st.plotly_chart(fig, theme=None, key="actions_timeline", config={"displaylogo": False})
        history = A.progress(userstore.action_history(area))
        st.plotly_chart(progress_figure(history, title=f"Progress of the action plan: {name}",
                                        note="Each import or edit of the plan is a dated version."),
                        theme=None, key="actions_progress", config={"displaylogo": False})

        cols = st.columns(2)
        cols[0].download_button("Export the plan (CSV)", A.plan_csv(plan),
                                file_name=f"action_plan_{area}_v{head}.csv", mime="text/csv",
                                icon=":material/download:")
        if cols[1].button("Make a PNG of the timeline", key="actions_png"):
            try:
                with st.spinner("Making the image…"):
                    png = get_exporter().render(fig, "png")
                cols[1].download_button("Download the PNG", png, file_name=f"action_plan_{area}_v{head}.png",
                                        mime="image/png", icon=":material/image:")
            except ExportUnavailable as exc:
                cols[1].warning(str(exc))

        linked = plan[plan["metric_ids"] != ""]
        if not linked.empty:
            st.subheader("Actions and their measures")
            options = list(linked.index)
            choice = st.selectbox("Open the measure linked to an action", options, key="actions_link",
                                  format_func=lambda i: f"{plan.at[i, 'ref']}: {plan.at[i, 'action'][:80]}")
            metric_ids = [m for m in plan.at[choice, "metric_ids"].split(";") if m in cat.metrics]
            left, right = st.columns([1, 2])
            with left:
                st.markdown(f"**Recommendation {escape(plan.at[choice, 'ref'])}:** "
                            f"{escape(plan.at[choice, 'recommendation'])}")
                st.markdown(f"**Action:** {escape(plan.at[choice, 'action'])}")
                st.markdown(f"**Deadline:** {escape(plan.at[choice, 'deadline_text'])} · "
                            f"**Status:** {escape(plan.at[choice, 'status'])}")
            with right:
                metric = st.radio("Measure", metric_ids, key="actions_metric", horizontal=True,
                                  format_func=lambda m: cat.metrics[m].title) if len(metric_ids) > 1 else metric_ids[0]
                view = cached_trend_view(TrendRequest(area_code=area, metric_id=metric, comparator_group="none"))
                render.chart_block(trend_figure_from_view(view), summary=view.summary, table=view.table,
                                   unit_label=view.unit_label, caveats=view.caveats, key="actions_kpi")

with import_tab:
    st.markdown(
        "A CSV or Excel file with columns like **Ref, Recommendation, Response and action, Deadline, Status** "
        "(optional **Metrics**: metric ids separated by ;). A row without a Ref continues the recommendation "
        "above it. Deadlines: a month (*July 2025* = 31 July 2025), a year (*2026* = 31 December 2026), a "
        "financial year (*2025/26* = 31 March 2026), a date, or *N/A*. Statuses are read as Completed, Almost "
        "completed, Ongoing, Continuous, Not started or N/A; the original wording is kept. Importing saves a new "
        "dated version of the whole plan."
    )
    st.download_button("Download an example plan (CSV)", EXAMPLE.read_bytes(), file_name=EXAMPLE.name,
                       mime="text/csv", icon=":material/download:")
    if not writable:
        st.caption("Importing is open to officers who may write for this council.")
    else:
        uploaded = st.file_uploader("Action plan (CSV or Excel .xlsx)", type=["csv", "xlsx"],
                                    key=f"actions_file_{ss['actions_round']}")
        if uploaded is not None:
            data = uploaded.getvalue()
            try:
                check_upload(uploaded.name, uploaded.size)
                parsed = A.parse_plan(data, uploaded.name, known_metrics=known)
            except FileRejected as exc:
                st.error(f"This file cannot be read: {escape(str(exc))}. Nothing was written.")
                parsed = None
            if parsed is not None and parsed.problems:
                st.error(f"{len(parsed.problems)} problem(s) found, so nothing was written. Fix these cells and "
                         "import the file again (rows numbered as in Excel).")
                table = parsed.problem_table()
                table["value"] = table["value"].astype(str)
                st.dataframe(table, hide_index=True, width="stretch", key="actions_problems")
            elif parsed is not None:
                st.markdown(f"**{len(parsed.actions)} actions** read. Check them, then confirm to replace "
                            f"{name}'s current plan (version {head}) with a new version.")
                st.dataframe(parsed.actions.drop(columns=EXCEL_ROW), hide_index=True, width="stretch",
                             key="actions_preview")
                if st.button("Confirm and save the plan", type="primary", key="actions_confirm"):
                    try:
                        result = userstore.write_actions(area, parsed.actions.drop(columns=EXCEL_ROW),
                                                         who=access.who, kind="import", file_name=uploaded.name,
                                                         sha256=sha256(data), expected_head=seen)
                    except StoreError as exc:
                        st.error(f"Nothing was written: {escape(str(exc))}.")
                    else:
                        ss["actions_message"] = ("success" if result.version_id else "info", result.message)
                        ss["actions_round"] += 1
                        st.rerun()

with edit_tab:
    if plan.empty:
        st.caption("Import a plan first.")
    elif not writable:
        st.caption("Editing is open to officers who may write for this council.")
    else:
        st.caption("Change a status or a deadline, add or remove rows, then save: the plan is saved as a new "
                   "dated version (due dates are worked out again from the deadline text).")
        edited = st.data_editor(
            plan.drop(columns=["due_date"]), key=f"actions_editor_{head}", num_rows="dynamic", hide_index=True,
            width="stretch",
            column_config={
                "status": st.column_config.SelectboxColumn("status", options=list(A.STATUSES), required=True),
                "status_text": st.column_config.TextColumn("status (as written)"),
                "deadline_text": st.column_config.TextColumn("deadline (as written)"),
                "metric_ids": st.column_config.TextColumn("metric ids (; between)"),
            })
        if st.button("Save changes", type="primary", key="actions_save"):
            checked = A.apply_edits(edited.fillna(""), known_metrics=known)
            if checked.problems:
                st.error(f"{len(checked.problems)} problem(s), so nothing was written (rows numbered from 1).")
                table = checked.problem_table()
                table["value"] = table["value"].astype(str)
                st.dataframe(table, hide_index=True, key="actions_edit_problems")
            else:
                try:
                    result = userstore.write_actions(area, checked.actions.drop(columns=EXCEL_ROW), who=access.who,
                                                     kind="edit", expected_head=seen)
                except StoreError as exc:
                    st.error(f"Nothing was written: {escape(str(exc))}.")
                else:
                    ss["actions_message"] = ("success" if result.version_id else "info", result.message)
                    st.rerun()

with history_tab:
    versions = userstore.versions(area)
    if versions.empty:
        st.caption("No versions yet.")
    else:
        st.dataframe(versions[["version_id", "kind", "created_at", "created_by", "file_name", "rows_added",
                               "rows_changed", "rows_total", "restores_version"]], hide_index=True, width="stretch",
                     key="actions_history")
        older = [int(v) for v in versions["version_id"] if int(v) != head]
        if writable and older:
            target = st.selectbox("Restore an earlier version of the plan", older, key="actions_rollback_version",
                                  format_func=lambda v: f"version {v}")
            if st.button(f"Restore version {target}", key="actions_rollback"):
                try:
                    result = userstore.rollback_actions(area, int(target), who=access.who, expected_head=seen)
                except StoreError as exc:
                    st.error(f"Nothing was written: {escape(str(exc))}.")
                else:
                    ss["actions_message"] = ("success" if result.version_id else "info", result.message)
                    st.rerun()

ss["actions_head_shown"] = (area, head)
