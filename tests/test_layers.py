"""The layering is a test: the contracts in pyproject.toml (import-linter) hold, and fail when a rule is broken.

Pages are scripts Streamlit runs, not an importable package, so their one rule (no network, no loaders) is read
from their import statements here; and only ui/data.py and ui/views.py may cache (the one caching boundary).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = [
    sys.executable,
    "-c",
    "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_layer_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module,line,contract",
    [
        ("kpi/core/schema.py", "from kpi.views import trend", "kpi rooms"),
        ("kpi/officers/access.py", "from kpi.calc import measures", "kpi rooms"),
        ("kpi/data/series.py", "import streamlit", "kpi is pure"),
        ("loaders/files.py", "import plotly", "loaders bring data in"),
        ("loaders/sources/qpses.py", "from loaders.sources import borrowing", "each source module stands alone"),
        ("kpi/views/pack.py", "from reports import layout", "kpi is pure"),
        ("reports/images.py", "import streamlit", "reports write files"),
        ("ui/status.py", "from loaders import pipeline", "ui is glue"),
        ("ui/status.py", "import requests", "ui is glue"),
        ("admin/sources.py", "import streamlit", "admin is the Data sources page's way to the loaders"),
        ("loaders/pipeline.py", "import admin.sources", "loaders bring data in"),
    ],
)
def test_a_broken_rule_fails_the_check(tmp_path, module, line, contract):
    copy = tmp_path / "tree"
    for part in ("kpi", "loaders", "charts", "reports", "ui", "admin"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text() + f"\n{line}  # a change that breaks the layering\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


PAGES = sorted((ROOT / "pages").rglob("*.py")) + [ROOT / "dashboard.py"]


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_pages_never_reach_the_network_or_the_loaders(path):
    assert not imports_of(path) & {"requests", "requests_cache", "loaders", "sqlalchemy"}


def test_only_the_caching_boundary_caches():
    cachers = {
        str(p.relative_to(ROOT))
        for part in ("kpi", "ui", "pages", "charts", "loaders", "reports", "admin")
        for p in (ROOT / part).rglob("*.py")
        if "st.cache_" in p.read_text()
    }
    assert cachers <= {"ui/data.py", "ui/views.py"}, cachers
