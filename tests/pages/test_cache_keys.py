"""Every cached answer is keyed so that a new snapshot version, a new upload, a new plan version or a new status
log changes it on the next run, and the data key itself is looked up once per run (AppTest, no timings)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import importlib
import json
import re
import typing
from pathlib import Path

import pytest
from streamlit.runtime.caching.cache_type import CacheType
from streamlit.runtime.caching.hashing import update_hash

from kpi.calc.comparators import ComparatorGroup
from kpi.officers.figures.read import parse_upload
from kpi.officers.plans.read import parse_plan
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from kpi.views.trend import TrendRequest
from tests.loaders.helpers import RAW
from tests.pages.helpers import dataframe_with
from ui.cache_keys import KEYED_BY_REPR, KEYS
from ui.data import DataKey

pytestmark = pytest.mark.filterwarnings("ignore")
BD = "E09000002"
LINKED = {"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"}
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"


def opened(app, page: str | None = None):
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def upload(url: str, store, text: str) -> None:
    figures = FigureStore.open(url)
    rows = parse_upload(text.encode(), "EXAMPLE.csv", store.catalogue).rows
    figures.write_upload(rows, who="officer@example.gov.uk", file_name="EXAMPLE.csv", sha256="s")
    figures.dispose()


def paragraph(app) -> str:
    return next(m.value for m in app.markdown if "population" in m.value)


def test_the_profile_paragraph_and_cards_follow_an_upload(app, db_url, store):
    opened(app)
    before = paragraph(app)
    assert "(council-supplied)" not in before
    upload(db_url, store, "area_code,metric_id,period,value\nE09000002,population,2025-26,230000\n")
    app.run()
    assert not app.exception, app.exception
    after = paragraph(app)
    assert "and mid-2025 (council-supplied)" in after and after != before
    population = dataframe_with(app, "latest_year").set_index("metric_id").loc["population"]
    assert population["latest_year"] == "2025-26" and population["council_supplied"]


def test_the_benchmark_chart_and_table_follow_a_new_snapshot_version(app, data_copy, monkeypatch):
    from loaders.__main__ import main

    path = data_copy / "observations.csv"
    path.write_text(
        path.read_text().replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        )
    )
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    opened(app, "pages/explore/benchmark.py")
    app.selectbox(key="metric").set_value("band_d_council_tax").run()
    app.selectbox(key="year").set_value("2023-24").run()

    def own_value() -> str:  # as the table shows it
        return dataframe_with(app, "highlighted").set_index("area_code").at[BD, "value"]

    assert own_value() == "£1,000"
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0
    app.run()
    assert not app.exception, app.exception
    assert own_value() == "£1,459"  # 1,458.57 as the table rounds it


def test_the_failed_refresh_notice_follows_the_status_log(app, data_copy, monkeypatch):
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    opened(app, "pages/about/methods.py")
    assert not [w for w in app.warning if "last refresh" in w.value]
    (data_copy / "local").mkdir(exist_ok=True)
    failed = {"ok": False, "message": "SourceUnavailable: offline", "last_attempt": "2026-11-21T09:00:00+00:00"}
    (data_copy / "local" / "source_status.json").write_text(json.dumps({"mhclg_council_tax_ctr": failed}))
    app.run()
    assert [w.value for w in app.warning if "last refresh" in w.value]
    status = dataframe_with(app, "Source id").set_index("Source id").loc["mhclg_council_tax_ctr"]
    assert status["Result"] == "failed"


def test_upload_history_follows_a_version_saved_elsewhere(app, db_url, store):
    upload(db_url, store, "area_code,metric_id,period,value\nE09000002,fte,2023-24,3090\n")
    opened(app, "pages/officers/figures.py")
    assert dataframe_with(app, "version_id")["version_id"].tolist() == [1]
    upload(db_url, store, "area_code,metric_id,period,value\nE09000002,fte,2023-24,3100\n")  # another officer
    app.run()
    assert dataframe_with(app, "version_id")["version_id"].tolist() == [2, 1]


def test_the_plan_overview_and_history_follow_a_version_saved_elsewhere(app, db_url):
    plans = PlanStore.open(db_url)
    actions = parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=LINKED).actions
    plans.write_actions(BD, actions.drop(columns="_excel_row"), who="officer", kind="import")
    opened(app, "pages/officers/plans.py")
    assert any("**7 actions** in version 1" in m.value for m in app.markdown)
    plans.write_actions(BD, actions.drop(columns="_excel_row").head(5), who="another officer", kind="edit")
    plans.dispose()
    app.run()
    assert not app.exception, app.exception
    assert any("**5 actions** in version 2" in m.value for m in app.markdown)
    app.session_state["tab"] = "History"  # only the open tab is drawn
    app.run()
    assert dataframe_with(app, "rows_total")["version_id"].tolist() == [2, 1]


def test_the_data_key_is_looked_up_once_per_run(app, monkeypatch):
    import ui.data

    calls = []
    lookup = ui.data._lookup
    monkeypatch.setattr(ui.data, "_lookup", lambda: calls.append(1) or lookup())
    opened(app)
    assert len(calls) == 1
    app.selectbox(key="area").set_value("E09000004").run()
    assert len(calls) == 2


def test_the_data_key_is_a_small_value_with_its_parts_as_fields():

    key = DataKey(3, "sqlite:///kpi.db", 7, folder="/srv/data", stamp="1:2|3:4")
    assert key == DataKey(3, "sqlite:///kpi.db", 7, folder="/srv/data", stamp="1:2|3:4")
    assert len({key, key.official}) == 2 and key.official.uploads == 0 and key.official.version == 3


def _dataclasses_in(hint) -> list[type]:

    found = [hint] if dataclasses.is_dataclass(hint) else []
    return found + [c for arg in typing.get_args(hint) for c in _dataclasses_in(arg)]


def _every_field_in_repr(cls: type, seen: set) -> None:
    if cls in seen:
        return
    seen.add(cls)
    assert cls.__dataclass_params__.frozen, f"{cls.__qualname__} is not frozen"
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        assert f.repr, f"{cls.__qualname__}.{f.name} is left out of its repr, so two keys could hash alike"
        for inner in _dataclasses_in(hints[f.name]):
            _every_field_in_repr(inner, seen)


def test_the_keys_hashed_by_their_repr_keep_every_field_in_it():
    seen: set = set()
    for name in KEYED_BY_REPR:
        module, _, qualname = name.rpartition(".")
        _every_field_in_repr(getattr(importlib.import_module(module), qualname), seen)
    assert {c.__name__ for c in seen} >= {"DataKey", "TrendRequest", "ComparatorGroup", "Option", "Proposed"}


def test_keys_that_differ_in_any_field_hash_apart():
    def key(*args) -> str:
        digest = hashlib.new("md5", usedforsecurity=False)
        update_hash(args, digest, CacheType.RESOURCE, hash_funcs=KEYS)
        return digest.hexdigest()

    base = TrendRequest(BD, "core_spending_power", comparator_group=ComparatorGroup.custom([BD, "E09000003"]))
    data = DataKey(1, "sqlite:///x.sqlite")
    keys = {
        key(base, data),
        key(dataclasses.replace(base, per_head=True), data),
        key(dataclasses.replace(base, comparator_group=ComparatorGroup.custom([BD, "E09000004"])), data),
        key(base, dataclasses.replace(data, uploads=2)),
        key(base, dataclasses.replace(data, day=datetime.date(2027, 4, 1))),
    }
    assert len(keys) == 5 and key(base, data) == key(dataclasses.replace(base), DataKey(1, "sqlite:///x.sqlite"))


def test_a_call_by_position_and_by_name_is_one_entry_and_every_boundary_cache_is_called_by_name():
    """ui.cache_keys.by_name: Streamlit keys a call by each argument's name and value, so positions given as names
    find the same entry (and Streamlit does not look the names up in the signature on every call)."""
    import streamlit as st
    from streamlit.runtime.caching.cache_utils import _make_value_key

    from ui import data, views
    from ui.cache_keys import by_name

    made = []

    @by_name(st.cache_data(max_entries=4, show_spinner=False))
    def cached(area: str, since: str = "2010-11", _note: str = "") -> str:
        made.append((area, since))
        return area + since

    cached.clear()
    assert cached("E09000002", "2015-16") == cached(area="E09000002", since="2015-16") == "E09000002" + "2015-16"
    assert cached("E09000002") == "E09000002" + "2010-11" and made == [
        ("E09000002", "2015-16"),
        ("E09000002", "2010-11"),
    ]
    assert cached("E09000002", "2015-16", "ignored") and len(made) == 2  # an underscored argument is not hashed
    with pytest.raises(TypeError, match="takes 3 arguments, 4 given"):
        cached("E09000002", "2015-16", "", "extra")
    cached.clear()
    cached("E09000002", "2015-16")
    assert len(made) == 3
    func = cached.__wrapped__._info.func
    positional = _make_value_key(CacheType.DATA, func, ("E09000002", "2015-16"), {}, None)
    assert positional == _make_value_key(CacheType.DATA, func, (), {"area": "E09000002", "since": "2015-16"}, None)
    for module in (data, views):  # every cache of the boundary is called by name
        source = Path(module.__file__).read_text()
        assert source.count("st.cache_") == len(re.findall(r"@by_name\(\s*st\.cache_", source)) > 0
