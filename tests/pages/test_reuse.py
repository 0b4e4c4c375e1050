"""What a page shows is made once per version and reused on every rerun that does not change it (AppTest, counts
of calls, no timings)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore")


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
    for code in ("E09000004", "E09000002"):
        app.selectbox(key="area").set_value(code).run()
        assert not app.exception, app.exception
    assert (len(status), len(history)) == (1, 1)
    assert "version 1: the bundled snapshot" in "\n".join(m.value for m in app.markdown)
