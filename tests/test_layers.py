"""The layering is a test: domain and loaders never import streamlit; pages never import requests."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RULES = {
    "kpi": {"streamlit", "requests", "requests_cache", "plotly", "charts", "ui", "loaders", "pages"},
    "charts": {"streamlit", "requests", "requests_cache", "ui", "loaders", "pages"},
    "loaders": {"streamlit", "plotly", "charts", "ui", "pages"},
    "pages": {"requests", "requests_cache", "loaders"},
    "ui": {"requests", "requests_cache", "loaders"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


CASES = [(package, path) for package in RULES for path in sorted((ROOT / package).rglob("*.py"))]


@pytest.mark.parametrize("package,path", CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_module_respects_layer(package, path):
    forbidden = imported_modules(path) & RULES[package]
    assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}, which the {package}/ layer must not"


def test_rules_cover_every_package():
    assert all((ROOT / p).is_dir() for p in RULES)
    assert len(CASES) > 10
