"""What a page shows is made once per version and reused on every rerun that does not change it (AppTest, counts
of calls, no timings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages.helpers import chart_specs

pytestmark = pytest.mark.filterwarnings("ignore")
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"
LINKED = {"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"}


def counted(monkeypatch, module, name: str) -> list:
    """Count the calls of module.name from now on (the function still runs)."""
    calls, real = [], getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def opened(app, page: str):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def test_the_data_sources_tables_are_made_once_per_version_and_log(app, db_url, monkeypatch):
    import streamlit as st

    from ui import views

    st.cache_resource.clear()
    status = counted(monkeypatch, views.admin_sources, "source_table")
    history = counted(monkeypatch, views.admin_sources, "history")
    opened(app, "pages/admin/sources.py")
    for section in ("Sources", "Versions"):  # only the open tab is drawn
        app.session_state["section"] = section
        for code in ("E09000004", "E09000002"):
            app.selectbox(key="area").set_value(code).run()
            assert not app.exception, app.exception
    assert (len(status), len(history)) == (1, 1)
    assert "version 1: the bundled snapshot" in "\n".join(m.value for m in app.markdown)


def test_an_action_plan_is_read_and_drawn_once_per_version(app, db_url, monkeypatch):
    from kpi.officers.plans.read import parse_plan
    from kpi.storage import plans as plan_storage
    from kpi.storage.plans import PlanStore
    from ui import views

    plans = PlanStore.open(db_url)
    actions = parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=LINKED).actions.drop(columns="_excel_row")
    for code in ("E09000002", "E09000004"):
        plans.write_actions(code, actions, who="officer", kind="import")
    heads = counted(monkeypatch, PlanStore, "heads")
    read = counted(monkeypatch, plan_storage, "actions_frame")
    drawn = counted(monkeypatch, views, "plan_figures")
    progress = counted(monkeypatch, PlanStore, "action_history")
    opened(app, "pages/officers/plans.py")
    for code in ("E09000004", "E09000002", "E09000004"):
        app.selectbox(key="area").set_value(code).run()
        assert not app.exception, app.exception
    # Every council's latest version in one query, each council's plan read and drawn once; a plan of one version
    # has no progress to chart, and its history is not read.
    assert (len(heads), len(read), len(drawn), len(progress)) == (1, 2, 2, 0)
    app.selectbox(key="area").set_value("E09000003").run()  # a council without a plan: nothing more read
    assert not app.exception and (len(heads), len(read)) == (1, 2)
    assert any("No action plan" in m.value for m in [*app.markdown, *app.info])
    app.selectbox(key="area").set_value("E09000004").run()
    plans.write_actions("E09000004", actions.head(5), who="another officer", kind="edit")
    plans.dispose()
    written = len(heads)
    app.run()
    assert any("**5 actions** in version 3" in m.value for m in app.markdown)
    assert (len(heads) - written, len(drawn)) == (1, 3)  # a new version of any plan is looked for on the next run
    assert len(progress) == 1 and len(chart_specs(app)) == 2  # two versions: their progress read and charted


def test_a_charts_table_is_made_only_when_asked_for_and_then_once(app, monkeypatch):
    import streamlit as st

    from kpi.views import trend

    st.cache_resource.clear()
    made = counted(monkeypatch, trend, "display_table")
    opened(app, "pages/explore/trends.py")
    for code in ("E09000004", "E09000002"):
        app.selectbox(key="area").set_value(code).run()
    assert not app.dataframe and not made  # two councils' trends drawn, neither table made nor sent
    app.toggle(key="table_trend").set_value(True).run()
    assert len(app.dataframe) == 1 and len(made) == 1
    for code in ("E09000004", "E09000002", "E09000004"):
        app.selectbox(key="area").set_value(code).run()
        assert app.dataframe[0].value["Year"].notna().all()
    assert len(made) == 2  # each council's table made once, however often it is drawn


@pytest.mark.parametrize(
    ("page", "module", "name"),
    [
        ("pages/explore/trends.py", "kpi.views.trend", "_table"),
        ("pages/explore/benchmark.py", "kpi.views.benchmark", "points_table"),
    ],
)
def test_a_charts_table_is_made_only_when_it_is_shown_then_once(app, monkeypatch, page, module, name):
    import importlib

    import streamlit as st

    st.cache_resource.clear()
    made = counted(monkeypatch, importlib.import_module(module), name)
    opened(app, page)
    app.selectbox(key="area").set_value("E09000004").run()
    assert not made, "the table was made before anyone asked for it"
    toggle = next(t for t in app.toggle if t.label == "Show as table")
    toggle.set_value(True).run()
    app.selectbox(key="area").set_value("E09000002").run()
    app.selectbox(key="area").set_value("E09000004").run()
    assert not app.exception, app.exception
    assert len(made) == 2  # once for each council, while the switch is on
    assert app.dataframe and len(app.dataframe[0].value) > 3
