"""A shadow council through AppTest, as a new user meets it: East and West Surrey in the picker, labelled until
vesting day, on the profile, trends, benchmark and report pack pages with no error, their history formed from their
predecessors, comparators of the same type by default because the ONS model has no row for them."""

import datetime as dt
from types import SimpleNamespace

import pytest

import ui.data
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from tests.pages.helpers import chart_specs, dataframe_with, decode, title, trace
from tests.pages.test_figures import AUTH, open_upload, upload
from tests.pages.test_plans import EXAMPLE, import_plan

pytestmark = pytest.mark.filterwarnings("ignore")
EAST, WEST = "E06X00001", "E06X00002"
SHADOW = "shadow council, takes over on 1 April 2027"


def open_page(app, page, area):
    app.run()
    app.switch_page(page).run()
    app.selectbox(key="area").set_value(area).run()
    assert not app.exception, app.exception
    return app


def said(app) -> str:
    return " ".join(x.value for kind in (app.caption, app.info, app.markdown) for x in kind)


def test_the_picker_lists_both_with_their_provisional_codes_and_status(app):
    app.run()
    picker = app.selectbox(key="area")
    assert f"East Surrey (E06X00001, provisional code) – {SHADOW}" in picker.options
    assert "Surrey (E10000030) – abolished 2027" not in picker.options  # current until vesting day
    assert "Surrey (E10000030)" in picker.options
    open_page(app, "pages/explore/profile.py", EAST)
    assert app.title[0].value == "Council profile: East Surrey"
    assert f"Unitary authority · South East · {SHADOW}" in [c.value for c in app.sidebar.caption]
    notice = " ".join(i.value for i in app.info)
    assert f"East Surrey is a {SHADOW} (The Surrey (Structural Changes) Order 2026 (SI 2026/264)" in notice
    assert "Its code E06X00001 is provisional: ONS has not issued one yet." in notice
    assert "63 other unitary authorities" in said(app)
    assert "has no row for East Surrey, a council formed after it was published" in said(app)
    assert "East Surrey's population grew by" in said(app)


def test_trends_show_west_surreys_predecessors_combined(app, store):
    open_page(app, "pages/explore/trends.py", WEST)
    spec = chart_specs(app)[0]
    assert title(spec).startswith("Core spending power: West Surrey")
    line = trace(spec, "West Surrey (estimated, budget or forecast)")  # Surrey County Council's share: estimated
    combined = store.series("core_spending_power", [WEST]).set_index("period")
    assert line["x"][0] == "2011-12" and combined.at["2011-12", "source_id"].startswith("combined:")
    assert decode(line["y"])[0] == pytest.approx(combined.at["2011-12", "value"] / 1e6)
    assert "West Surrey takes over on 1 April 2027: figures before then are its predecessor" in said(app)


def test_benchmark_places_the_shadow_council_among_unitaries(app):
    open_page(app, "pages/explore/benchmark.py", EAST)
    table = dataframe_with(app, "highlighted")
    councils = table[table["area_code"] != ""]
    assert councils["area_code"].iloc[0] == EAST and councils["note"].iloc[0] == "chosen council"
    assert len(councils) == 64  # East Surrey and its 63 comparators, the other unitaries


def test_the_report_pack_is_made_for_a_shadow_council(app, db_url):
    open_page(app, "pages/explore/pack.py", WEST)
    assert app.title[0].value == "Report pack: West Surrey"
    app.multiselect(key=f"pack_measures_{WEST}").set_value(["population", "csp_cash", "debt"])
    app.checkbox(key="pack_pdf").uncheck()
    app.button(key="pack_make").click().run()
    assert not app.exception and not app.error
    assert [b.label for b in app.get("download_button") if "Word" in b.label] == ["Download Word document"]


def test_an_officer_of_the_shadow_council_uploads_figures_and_an_action_plan(app, db_url):
    app.secrets = {**AUTH, "kpi": {"officers": {"officer@eastsurrey.example.gov.uk": [EAST]}}}
    app.user = {"is_logged_in": True, "email": "officer@eastsurrey.example.gov.uk"}
    open_upload(app)
    assert any("you may write for East Surrey (E06X00001)" in s.value for s in app.success)
    upload(app, f"area_code,metric_id,period,value\n{EAST},fte,2026-27,4100\n".encode())
    app.button(key="upload_confirm").click().run()
    assert not app.exception, app.exception
    assert FigureStore.open(db_url).current_observations()["area_code"].tolist() == [EAST]
    app.switch_page("pages/officers/plans.py").run()
    app.selectbox(key="area").set_value(EAST).run()
    import_plan(app, EXAMPLE.read_bytes(), EXAMPLE.name)
    app.button(key="actions_confirm").click().run()
    assert any("Saved as version" in s.value for s in app.success)
    assert len(PlanStore.open(db_url).current_actions(EAST)) == 7


class VestingDay(dt.date):
    @classmethod
    def today(cls):
        return cls(2027, 4, 1)


def test_on_vesting_day_the_council_has_taken_over_and_its_predecessors_are_abolished(app, monkeypatch):
    monkeypatch.setattr(ui.data, "dt", SimpleNamespace(date=VestingDay))  # the one place the app reads the clock
    open_page(app, "pages/explore/profile.py", EAST)
    assert "Unitary authority · South East" in [c.value for c in app.sidebar.caption]
    assert not any(SHADOW in i.value for i in app.info)
    picker = app.selectbox(key="area")
    assert "East Surrey (E06X00001, provisional code)" in picker.options
    assert "Surrey (E10000030) – abolished 2027" in picker.options
