"""The element floor draws what the page drew: a page recorded through AppTest is drawn again by the element floor
with the same elements and blocks, kind for kind, and the element floor imports none of the dashboard's code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bench import apptest_runs
from bench.element_floor import recording, replay
from ui import navigation

FLOOR = Path(apptest_runs.__file__).resolve().parent / "element_floor"
DASHBOARD = ("kpi", "ui", "charts", "pages", "reports", "loaders", "dashboard")


def test_the_element_floor_imports_nothing_of_the_dashboard():
    for path in FLOOR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.split(".")[0] in DASHBOARD], f"{path.name} imports {names}"


def test_the_element_floor_lists_the_dashboards_pages_with_a_script_each():
    assert {url: title for _, title, _, url in navigation.PAGES} == replay.PAGES
    assert all((FLOOR / "drawn" / f"{url}.py").is_file() for url in replay.PAGES)


@pytest.mark.parametrize("name", ["Trends", "Data and methods"])
def test_a_recorded_page_is_drawn_again_kind_for_kind(name, tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_ELEMENT_FLOOR_DIR", str(tmp_path))
    path, slug = apptest_runs.PAGES[name]
    page, drawn = apptest_runs._page(path, slug)
    assert drawn and sorted(p.name for p in tmp_path.glob("*.pb")) == [f"{slug}-0.pb", f"{slug}-1.pb"]
    with recording.capture() as runs:
        floor = apptest_runs._element_floor(slug, [apptest_runs._label(page, c) for c in apptest_runs.WARM])
    assert not floor.exception
    assert recording.tree(runs[-1]).counts() == drawn
    assert floor.selectbox(key="area").value == apptest_runs._label(page, apptest_runs.WARM[-1])


def test_page_runs_compile_each_script_once_as_a_server_does(monkeypatch):
    from streamlit.runtime.scriptrunner import script_cache

    compiled = []
    monkeypatch.setattr(
        script_cache, "compile", lambda *a, **k: compiled.append(a[1]) or compile(*a, **k), raising=False
    )
    with apptest_runs.compiled_once():
        floor = apptest_runs._floor()
        for choice in ("option 1", "option 2", "option 3"):
            floor.selectbox(key="choice").set_value(choice).run()
    assert not floor.exception
    assert sorted(Path(p).name for p in compiled) == ["chart.py", "main.py"]  # once each, in four runs
    floor.run()  # outside, AppTest compiles again, as it does on every run
    assert len(compiled) > 2
