"""Decision 0017: Streamlit's full collection after every run is off, and each store built is set aside from the
collector until the next build, when whatever was set aside and has since been dropped is collected."""

from __future__ import annotations

import gc
import tomllib
import weakref
from pathlib import Path

import pytest

from ui import data

ROOT = Path(__file__).resolve().parents[2]


class _Node:
    pass


def test_the_project_configuration_turns_off_the_collection_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_a_store_built_is_set_aside_and_a_dropped_one_is_collected_at_the_next_build(unfrozen):
    store = _Node()
    store.itself = store  # a reference cycle, as loaded data has: only the collector frees it
    kept = weakref.ref(store)
    assert data._kept(store) is store and gc.get_freeze_count() > 0
    del store
    gc.collect()
    assert kept() is not None  # set aside: a full collection does not walk it
    data._kept(_Node())  # the next build looks at everything set aside before
    assert kept() is None


def test_opening_a_page_sets_the_loaded_store_aside(app, unfrozen):
    data._base_store.clear()  # built again by this run, whatever an earlier test left
    gc.unfreeze()
    app.run()
    assert not app.exception, app.exception
    assert gc.get_freeze_count() > 0
