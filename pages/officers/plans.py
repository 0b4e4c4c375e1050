"""Action plans: import a productivity or peer-challenge plan, see what is overdue, edit it, export it."""

from __future__ import annotations

import streamlit as st

from kpi.core.defaults import DEFAULT_AREA
from ui import auth, officers, plans
from ui import plans_import as plan_import
from ui.data import current_plan, get_store
from ui.writable import writable_plans

store = get_store()
access = auth.current_access()
ss = st.session_state
ss.setdefault("actions_round", 0)
area = ss.get("area", DEFAULT_AREA)
name = store.catalogue.area_name(area)
repository = writable_plans()
head, plan, versions = current_plan(area)
# The version shown in the previous run (a click is a rerun): saves are checked against what the officer saw.
shown_area, shown_head = ss.get("actions_head_shown", (area, head))
page = plans.PlanPage(
    plans=repository,
    access=access,
    area=area,
    name=name,
    plan=plan,
    head=head,
    versions=versions,
    seen=shown_head if shown_area == area else head,
    writable=access.may_write_for(area),
    metric_titles={m.metric_id: m.title for m in store.catalogue.metrics.values()},
)

st.title(f"Action plan: {name}")
auth.access_banner(access, area_name=store.catalogue.area_name)
if access.can_write and not page.writable:
    st.caption(f"You may not edit {name}'s plan: choose one of your councils in the sidebar.")
officers.show_message(plans.MESSAGE)

# Only the open tab is drawn (a tab change is a rerun), and the URL names it (?tab=Edit), so a link opens it.
plans.open_requested_tab()
tabs = st.tabs(list(plans.TABS), key=plans.TAB, bind="query-params")
for container, draw in zip(tabs, (plans.overview_tab, plan_import.import_tab, plans.edit_tab, plans.history_tab)):
    if container.open:
        with container:
            draw(page)
ss["actions_head_shown"] = (area, head)
