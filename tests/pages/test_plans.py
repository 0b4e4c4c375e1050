"""The Action plans page through AppTest: import, overdue as of a date, linked measure, edit, export, roles."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kpi.storage.plans import PlanStore
from tests.pages.helpers import chart_specs, show_tables, title
from tests.pages.test_figures import AUTH

pytestmark = pytest.mark.filterwarnings("ignore")

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"


def open_actions(app):
    app.run()
    app.switch_page("pages/officers/plans.py").run()
    assert not app.exception, app.exception
    return app


def open_tab(app, label):
    """Only the open tab is drawn; a click on a tab sets its label in the session, as this does."""
    app.session_state["tab"] = label
    app.run()
    assert not app.exception, app.exception
    return app


def import_plan(app, data, name="plan.csv"):
    if app.session_state["tab"] != "Import a plan":
        open_tab(app, "Import a plan")
    key = f"actions_file_{app.session_state['actions_round']}"
    app.file_uploader(key=key).set_value((name, data, "text/csv")).run()
    assert not app.exception, app.exception


def frame_with(app, column):
    for df in app.dataframe:
        if column in df.value.columns:
            return df.value
    raise KeyError(column)


def db_versions(url, area="E09000002"):
    db = PlanStore.open(url)
    try:
        return db.versions(area)
    finally:
        db.dispose()


def test_import_example_plan_shows_overdue_and_timeline(app, db_url):
    open_actions(app)
    assert any("No action plan has been saved" in i.value for i in app.info)
    import_plan(app, EXAMPLE.read_bytes(), EXAMPLE.name)
    assert not app.error
    preview = frame_with(app, "status_text")
    assert len(preview) == 7 and preview["ref"].tolist()[:2] == ["1", "1"]
    assert db_versions(db_url).empty
    app.button(key="actions_confirm").click().run()
    assert any("Saved as version 1 of the action plan (7 actions)" in s.value for s in app.success)
    assert app.session_state["tab"] == "Overview"  # a saved import opens the plan's overview

    app.date_input(key="actions_as_of").set_value(dt.date(2026, 4, 1)).run()
    late = frame_with(app, "Days overdue")
    assert late["Due"].tolist() == ["2025-09-30", "2026-03-31", "2026-03-31"]
    # Members see the headings the rest of the page and the pack use, never the store's column names.
    assert list(late.columns) == ["Ref", "Action", "Deadline", "Due", "Status", "Status (as written)", "Days overdue"]
    assert any("3 overdue" in m.value for m in app.markdown)
    specs = chart_specs(app)
    # One version is no progress yet: only the timeline is charted, and the page says when progress will be.
    assert [title(s) for s in specs] == ["Action plan deadlines: Barking and Dagenham"]
    assert any("Progress is charted from the plan's second version" in c.value for c in app.caption)
    # The chart has its words as its alternative text, and its figures as a table while its switch is on.
    alt = app.get("plotly_chart")[0].proto.alt
    assert alt.startswith("5 of the plan's 7 actions due from 2025-07-31") and "3 of them overdue" in alt
    columns = ["Ref", "Action", "Deadline", "Due", "Status"]
    assert not [d for d in app.dataframe if list(d.value.columns) == columns]  # not drawn until asked for
    show_tables(app)
    dated = [d.value for d in app.dataframe if list(d.value.columns) == columns]
    assert len(dated) == 1 and dated[0]["Due"].tolist()[:2] == ["2025-07-31", "2025-09-30"]
    # The section of linked actions opens on request (its trend is worked out then); its first action's measure
    # is drawn beside it.
    assert not any(title(s).startswith("Core spending power") for s in specs)
    assert not [s for s in app.selectbox if s.key == "actions_link"]
    app.session_state["actions_linked"] = True
    app.run()
    assert app.selectbox(key="actions_link").value == 0
    assert any(title(s).startswith("Core spending power: Barking and Dagenham") for s in chart_specs(app))


def test_bad_plan_is_refused_with_rows_named(app, db_url):
    open_actions(app)
    text = "Ref,Recommendation,Response and action,Deadline,Status\n1,Example,Do it,someday,Completed\n"
    import_plan(app, text.encode())
    assert "nothing was written" in " ".join(e.value for e in app.error)
    problems = frame_with(app, "expected")
    assert problems[["row", "column", "value"]].values.tolist() == [[2, "deadline", "someday"]]
    assert not [b for b in app.button if b.key == "actions_confirm"]
    assert db_versions(db_url).empty


def test_edit_saves_a_new_dated_version(app, db_url):
    open_actions(app)
    import_plan(app, EXAMPLE.read_bytes(), EXAMPLE.name)
    app.button(key="actions_confirm").click().run()
    db = PlanStore.open(db_url)
    plan = db.current_actions("E09000002")
    plan.loc[3, "status"] = "Completed"
    db.write_actions("E09000002", plan, who="local user", kind="edit")
    db.dispose()
    open_tab(app, "History")
    versions = frame_with(app, "rows_total")
    assert versions["kind"].tolist() == ["edit", "import"]
    open_tab(app, "Overview")
    progress = [s for s in chart_specs(app) if title(s).startswith("Progress")][0]
    assert [t["name"] for t in progress["data"]][:1] == ["Completed"]
    assert len(progress["data"][0]["x"]) == 2
    alt = [c.proto.alt for c in app.get("plotly_chart")][-1]
    assert alt.startswith("Actions by status at each of the plan's 2 saved version(s); in version 2")
    show_tables(app)
    counts = frame_with(app, "Saved on")[["Version", "Completed", "Ongoing"]].values.tolist()
    assert [row[1:] for row in counts] == [[1, 2], [2, 2]] and counts[0][0] < counts[1][0]


def test_export_buttons_are_offered_for_a_plan_with_formula_like_text(app, db_url):
    db = PlanStore.open(db_url)
    plan = pd.DataFrame(
        {
            "ref": ["1"],
            "recommendation": ['=HYPERLINK("http://x")'],
            "action": ["@SUM(A1)"],
            "deadline_text": ["2026"],
            "due_date": ["2026-12-31"],
            "status_text": ["Ongoing"],
            "status": ["Ongoing"],
            "metric_ids": [""],
        }
    )
    db.write_actions("E09000002", plan, who="t", kind="import")
    db.dispose()
    open_actions(app)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Export the plan (CSV)" in labels
    assert [b for b in app.button if b.key == "actions_png"]
    # What the CSV button carries is plan_csv(plan) (tests/kpi/core/test_safecsv.py checks the neutralising).
    from kpi.officers.plans.views import plan_csv

    out = plan_csv(plan).decode("utf-8-sig")
    assert "'=HYPERLINK" in out and "'@SUM(A1)" in out


def test_read_only_user_sees_the_plan_but_cannot_import(app, db_url):
    write_example(db_url)
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "officer@bexley.example.gov.uk"}  # Bexley's officer
    open_actions(app)
    assert any("You may not edit Barking and Dagenham's plan" in c.value for c in app.caption)
    assert any("**7 actions** in version 1" in m.value for m in app.markdown) and len(chart_specs(app)) == 1
    open_tab(app, "Import a plan")
    assert not app.get("file_uploader")
    assert any("Importing is open to officers who may write" in c.value for c in app.caption)
    open_tab(app, "Edit")
    assert not app.get("arrow_data_frame") and not [d for d in app.dataframe if "rows_total" in d.value.columns]
    assert any("Editing is open to officers who may write" in c.value for c in app.caption)


def test_history_restores_an_earlier_plan(app, db_url):
    db = PlanStore.open(db_url)
    plan = pd.DataFrame(
        {
            "ref": ["1"],
            "recommendation": ["Example"],
            "action": ["EXAMPLE action"],
            "deadline_text": ["2026"],
            "due_date": ["2026-12-31"],
            "status_text": ["Ongoing"],
            "status": ["Ongoing"],
            "metric_ids": [""],
        }
    )
    db.write_actions("E09000002", plan, who="t", kind="import")
    db.write_actions("E09000002", plan.assign(status="Completed", status_text="Completed"), who="t", kind="edit")
    db.dispose()
    open_actions(app)
    open_tab(app, "History")
    app.selectbox(key="actions_rollback_version").set_value(1).run()
    app.button(key="actions_rollback").click().run()
    assert any("Saved as version 3: the plan as it was in version 1" in s.value for s in app.success)
    assert frame_with(app, "restores_version")["kind"].tolist() == ["rollback", "edit", "import"]


COMPLETED_PLAN = (
    b"Ref,Recommendation,Management response,Target date,Completed\n"
    b"1,EXAMPLE recommendation one,EXAMPLE action a,31/07/2025,Yes\n"
    b",,EXAMPLE action b,September 2025,No\n"
    b"2,EXAMPLE recommendation two,EXAMPLE action c,2025/26,Not delivered\n"
    b"3,EXAMPLE recommendation three,EXAMPLE action d,2027,No\n"
)


def mapping_boxes(app):
    return {s.label: s for s in app.selectbox if s.key and s.key.startswith("actions_map_")}


def test_a_plan_headed_completed_imports_and_shows_what_is_overdue(app, db_url):
    """Ref, Recommendation, Management response, Target date, Completed: read without asking, overdue shown."""
    open_actions(app)
    import_plan(app, COMPLETED_PLAN)
    assert not app.error and not app.warning
    assert any("Columns read as: " in c.value and "Deadline: Target date" in c.value for c in app.caption)
    boxes = mapping_boxes(app)  # the choice stays open to change, prefilled with what was found
    assert boxes["Response and action"].value == "management_response" and boxes["Status"].value == "completed"
    preview = frame_with(app, "status_text")
    assert preview["status"].tolist() == ["Completed", "Ongoing", "Ongoing", "Ongoing"]
    app.button(key="actions_confirm").click().run()
    assert any("Saved as version 1 of the action plan (4 actions)" in s.value for s in app.success)
    app.date_input(key="actions_as_of").set_value(dt.date(2026, 4, 1)).run()
    late = frame_with(app, "Days overdue")
    assert late["Action"].tolist() == ["EXAMPLE action b", "EXAMPLE action c"]
    assert any("2 overdue" in m.value for m in app.markdown)


def test_columns_the_headers_leave_open_are_chosen_in_a_mapping_step(app, db_url):
    plan = COMPLETED_PLAN.replace(b"Management response", b"What we will do").replace(b"Target date", b"When")
    open_actions(app)
    import_plan(app, plan)
    assert any("do not say which column holds: Response and action" in w.value for w in app.warning)
    assert not [b for b in app.button if b.key == "actions_confirm"]
    boxes = mapping_boxes(app)
    assert list(boxes) == ["Recommendation", "Response and action", "Deadline", "Status"]
    assert boxes["Deadline"].value == "when" and boxes["Status"].value == "completed"
    assert boxes["Response and action"].options == ["Ref", "Recommendation", "What we will do", "When", "Completed"]
    boxes["Response and action"].set_value("what_we_will_do")
    app.button(key="actions_use_columns").click().run()
    assert not app.exception and not app.warning
    assert any("Columns as you chose them" in c.value for c in app.caption)
    assert frame_with(app, "status_text")["action"].tolist()[0] == "EXAMPLE action a"
    app.button(key="actions_confirm").click().run()
    assert any("Saved as version 1 of the action plan (4 actions)" in s.value for s in app.success)


def test_an_impossible_deadline_is_a_problem_not_a_crash(app, db_url):
    open_actions(app)
    import_plan(app, COMPLETED_PLAN.replace(b"31/07/2025", b"31/02/2025"))
    problems = frame_with(app, "expected")
    assert problems[["row", "column", "value"]].values.tolist() == [[2, "deadline", "31/02/2025"]]
    assert db_versions(db_url).empty


@pytest.mark.parametrize("deadline", ["N/A", "TBC", "Ongoing", ""])
def test_a_plan_with_no_due_dates_is_saved_and_shown(app, db_url, deadline):
    """Every deadline N/A, TBC, Ongoing or blank: the plan is saved and the page says it has no due dates where the
    overdue figures would be, on that run and every later visit (this was Streamlit's error screen)."""
    open_actions(app)
    text = "Ref,Recommendation,Response and action,Deadline,Status\n"
    text += f"1,r,a,{deadline},Ongoing\n2,r,b,{deadline},Completed\n"
    import_plan(app, text.encode())
    app.button(key="actions_confirm").click().run()
    assert not app.exception, app.exception
    assert any("Saved as version 1 of the action plan (2 actions)" in s.value for s in app.success)
    for _ in range(2):  # the run after the save, and a later visit
        assert any("No due dates" in m.value for m in app.markdown)
        assert not any("overdue as of" in m.value.lower() for m in app.markdown)
        assert any("This plan has no due dates" in c.value for c in app.caption)
        assert not [d for d in app.dataframe if "Days overdue" in d.value.columns]
        assert not chart_specs(app)  # no dates to place, and one version is no progress yet
        assert not [b for b in app.button if b.key == "actions_png"]
        app.date_input(key="actions_as_of").set_value(dt.date(2030, 1, 1)).run()
        assert not app.exception, app.exception


def write_example(db_url, area="E09000002"):
    from kpi.officers.plans.read import parse_plan

    db = PlanStore.open(db_url)
    acts = parse_plan(
        EXAMPLE.read_bytes(),
        EXAMPLE.name,
        known_metrics={"core_spending_power", "fte", "headcount", "non_ringfenced_reserves", "asc_info_service_users"},
    ).actions.drop(columns="_excel_row")
    db.write_actions(area, acts, who="officer", kind="import")
    db.dispose()


def test_only_the_open_tab_is_drawn(app, db_url):
    """A run draws the open tab alone: the overview does not pay for the editor, the history or the uploader."""
    write_example(db_url)
    open_actions(app)
    assert [t.label for t in app.tabs] == ["Overview", "Import a plan", "Edit", "History"]
    assert any("**7 actions** in version 1" in m.value for m in app.markdown) and len(chart_specs(app)) == 1
    assert not app.get("file_uploader") and not [b for b in app.button if b.key == "actions_save"]
    assert not [d for d in app.dataframe if "rows_total" in d.value.columns]
    open_tab(app, "Edit")
    assert [b for b in app.button if b.key == "actions_save"] and not chart_specs(app)
    open_tab(app, "History")
    assert frame_with(app, "rows_total")["kind"].tolist() == ["import"]
    assert not [b for b in app.button if b.key == "actions_save"]


def test_the_url_names_the_open_tab_and_keeps_it_with_the_view(app, db_url):
    write_example(db_url)
    write_example(db_url, "E09000004")
    app.query_params["tab"] = "History"
    open_actions(app)
    assert app.session_state["tab"] == "History" and frame_with(app, "rows_total")["kind"].tolist() == ["import"]
    app.selectbox(key="area").set_value("E09000004").run()
    assert app.query_params["area"] == "E09000004" and app.query_params["tab"] == "History"
    assert app.title[0].value == "Action plan: Bexley"
    assert frame_with(app, "rows_total")["kind"].tolist() == ["import"]
    assert not chart_specs(app) and not any("actions** in version" in m.value for m in app.markdown)  # no overview


def test_the_view_written_to_the_url_leaves_the_tab_alone():
    """The page's own URL parameter is kept when the view rewrites the URL (Streamlit refuses to set a bound one)."""
    from ui import plans, state

    assert plans.TAB in state.PAGE_PARAMS


def tab_bar_place(app) -> int:
    (place,) = [i for i, node in app.main.children.items() if getattr(node, "type", None) == "tab_container"]
    return place


def test_a_saves_message_leaves_the_tab_bar_in_its_place(app, db_url):
    """The message of a save above the tabs takes a place that is there in every run. A tab bar pushed down by it
    is drawn afresh in the browser, which shows the Overview a saved import opened but sends back the tab clicked
    before it ('Import a plan') with the next change of date (seen in Chromium on a busy machine)."""
    write_example(db_url)
    open_actions(app)
    before = tab_bar_place(app)
    app.session_state["actions_message"] = ("success", "Saved as version 2 of the action plan (7 actions).")
    app.run()
    assert any("Saved as version 2" in s.value for s in app.success)
    assert tab_bar_place(app) == before
    app.run()  # shown once
    assert not app.success and tab_bar_place(app) == before
