"""The tabs of the Action plans page: overview, edit, history (the import tab is ui.plans_import). Each reads its
controls, calls kpi.officers.plans.flow and draws the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from charts.export import ExportUnavailable
from kpi.officers.access import Access
from kpi.officers.plans import flow
from kpi.officers.plans import read as A
from kpi.officers.plans import views as V
from kpi.storage.plans import PlanStore
from kpi.views.trend import TrendRequest
from ui import officers, render
from ui.data import get_exporter
from ui.keyed import Later
from ui.render import escape
from ui.views import cached_plan_history, cached_plan_overview, cached_trend

MESSAGE = "actions_message"
TAB = "tab"  # the open tab's key in the session and its name in the URL (?tab=History)
TABS = ("Overview", "Import a plan", "Edit", "History")
LINKED = "actions_linked"  # whether the section of actions and their measures is open
OPEN_NEXT = "actions_open_next"  # the tab the next run opens (a saved import opens the overview)


def open_requested_tab() -> None:
    """Before the tabs are drawn: open the tab a save asked for (a drawn tab's state cannot be set in that run)."""
    if (label := st.session_state.pop(OPEN_NEXT, None)) is not None:
        st.session_state[TAB] = label


@dataclass(frozen=True)
class PlanPage:
    plans: PlanStore
    access: Access
    area: str
    name: str
    plan: pd.DataFrame
    head: int  # the latest version now
    versions: int  # how many versions the plan has (progress is charted from the second)
    seen: int  # the version shown to this officer in the previous run: saves are checked against it
    metric_titles: dict[str, str]  # every measure the catalogue knows, id -> title
    writable: bool

    @property
    def known(self) -> set[str]:
        return set(self.metric_titles)


def overview_tab(page: PlanPage) -> None:
    if page.plan.empty:
        st.info(f"No action plan has been saved for {page.name} yet. Import one in the 'Import a plan' tab.")
        return
    as_of = st.date_input("Overdue as of", value=dt.date.today(), key="actions_as_of", format="DD/MM/YYYY")
    view, overdue, timeline, progress, (timeline_table, progress_table) = cached_plan_overview(
        page.area, page.name, page.head, as_of, page.versions > 1
    )
    st.markdown(view.summary)
    st.subheader(f"Overdue as of {as_of:%d %B %Y}")
    if not view.dated:
        st.caption(
            f"This plan has {V.NO_DUE_DATES}: no action's deadline is a date (N/A, TBC, Ongoing or blank), "
            "so none can be overdue."
        )
    elif view.overdue.empty:
        st.caption("Nothing is overdue on that date.")
    else:
        st.dataframe(overdue, hide_index=True, width="stretch", key="actions_overdue")
    if view.dated:
        _chart(timeline, view.timeline_summary, "actions_timeline", timeline_table)
    else:
        st.caption(f"No timeline of deadlines: the plan has {V.NO_DUE_DATES}.")
    if progress is not None:
        _chart(progress, view.progress_summary, "actions_progress", progress_table)
    else:
        st.caption("Progress is charted from the plan's second version: each import or edit is a dated version.")
    _exports(page, timeline if view.dated else None)
    if view.linked:
        _linked_measure(page, view.linked)


def _chart(figure, summary: str, key: str, table: Later) -> None:
    """A chart with its words as its alternative text, and its figures below it while "Show as table" is on."""
    st.plotly_chart(figure, theme=None, key=key, config={"displaylogo": False}, alt=summary)
    if render.table_toggle(key):
        st.dataframe(table.get(), hide_index=True, width="stretch")


def _exports(page: PlanPage, timeline) -> None:
    row = st.container(horizontal=True)  # the buttons side by side: one block, not a column each
    row.download_button(
        "Export the plan (CSV)",
        lambda: V.plan_csv(page.plan),
        file_name=f"action_plan_{page.area}_v{page.head}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    if timeline is not None and row.button("Make a PNG of the timeline", key="actions_png"):
        try:
            with st.spinner("Making the image…"):
                png = get_exporter().render(timeline, "png")
            row.download_button(
                "Download the PNG",
                png,
                file_name=f"action_plan_{page.area}_v{page.head}.png",
                mime="image/png",
                icon=":material/image:",
            )
        except ExportUnavailable as exc:
            row.warning(str(exc))


def _linked_measure(page: PlanPage, linked: tuple) -> None:
    """Opened on request: its chart is a whole trend, worked out for each plan's council (a rerun opens it)."""
    section = st.expander(
        "Actions and their measures: open an action's measure beside it",
        key=LINKED,
        on_change="rerun",
        icon=":material/show_chart:",
    )
    if not section.open:
        return
    with section:
        _linked_chart(page, linked)


def _linked_chart(page: PlanPage, linked: tuple) -> None:
    plan = page.plan
    choice = st.selectbox(
        "Open the measure linked to an action",
        list(linked),
        key="actions_link",
        format_func=lambda i: f"{plan.at[i, 'ref']}: {plan.at[i, 'action'][:80]}",
    )
    metric_ids = flow.linked_metrics(plan, choice, page.known)
    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"**Recommendation {escape(plan.at[choice, 'ref'])}:** {escape(plan.at[choice, 'recommendation'])}")
        st.markdown(f"**Action:** {escape(plan.at[choice, 'action'])}")
        st.markdown(
            f"**Deadline:** {escape(plan.at[choice, 'deadline_text'])} · "
            f"**Status:** {escape(plan.at[choice, 'status'])}"
        )
    with right:
        metric = (
            st.radio(
                "Measure", metric_ids, key="actions_metric", horizontal=True, format_func=page.metric_titles.__getitem__
            )
            if len(metric_ids) > 1
            else metric_ids[0]
        )
        request = TrendRequest(area_code=page.area, metric_id=metric, comparator_group="none")
        view, figure, shown = cached_trend(request)
        render.view_block(figure, view, key="actions_kpi", export=False, display=shown.get)


def edit_tab(page: PlanPage) -> None:
    if page.plan.empty:
        st.caption("Import a plan first.")
        return
    if not page.writable:
        st.caption("Editing is open to officers who may write for this council.")
        return
    st.caption(
        "Change a status or a deadline, add or remove rows, then save: the plan is saved as a new dated "
        "version (due dates are worked out again from the deadline text)."
    )
    edited = st.data_editor(
        page.plan.drop(columns=["due_date"]),
        key=f"actions_editor_{page.head}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            **{c: st.column_config.TextColumn(V.HEADINGS[c]) for c in page.plan.columns if c in V.HEADINGS},
            "status": st.column_config.SelectboxColumn(V.HEADINGS["status"], options=list(A.STATUSES), required=True),
        },
    )
    if st.button("Save changes", type="primary", key="actions_save"):
        checked = A.apply_edits(edited.fillna(""), known_metrics=page.known)
        if checked.problems:
            officers.show_problems(
                checked.problem_table(),
                key="actions_edit_problems",
                intro="Fix them in the table (rows numbered from 1).",
            )
        else:
            officers.save(
                lambda: flow.save_edits(page.plans, page.area, checked, access=page.access, expected_head=page.seen),
                message_key=MESSAGE,
            )


def history_tab(page: PlanPage) -> None:
    versions, older = cached_plan_history(page.area, page.head)
    if not versions.num_rows:
        st.caption("No versions yet.")
        return
    st.dataframe(versions, hide_index=True, width="stretch", key="actions_history")
    if page.writable and older:
        target = st.selectbox(
            "Restore an earlier version of the plan",
            older,
            key="actions_rollback_version",
            format_func=lambda v: f"version {v}",
        )
        if st.button(f"Restore version {target}", key="actions_rollback"):
            officers.save(
                lambda: flow.restore(page.plans, page.area, target, access=page.access, expected_head=page.seen),
                message_key=MESSAGE,
            )
