"""The pages are declared once per process and every run navigates over copies (ui/navigation.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import navigation

pytestmark = pytest.mark.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]


def test_every_page_script_is_declared_once():
    scripts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").rglob("*.py") if p.name != "__init__.py")
    assert sorted(script for script, *_ in navigation.PAGES) == scripts


def test_runs_share_the_declared_pages_and_each_gets_its_own_copies(app):
    app.run()
    assert not app.exception, app.exception
    declared = navigation._declared
    assert [page.title for page in declared] == [title for _, title, *_ in navigation.PAGES]
    app.switch_page("pages/explore/trends.py").run()
    assert not app.exception, app.exception
    assert navigation._declared is declared and app.title[0].value.startswith("Trends")
    copies = navigation.pages()
    assert all(c is not d and c._script_hash == d._script_hash for c, d in zip(copies, declared, strict=True))
    assert [c._default for c in copies] == [True] + [False] * (len(copies) - 1)
