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
        ("kpi/model/series.py", "import streamlit", "kpi is pure"),
        ("loaders/files.py", "import plotly", "loaders bring data in"),
        ("loaders/sources/qpses.py", "from loaders.sources import borrowing", "each source module stands alone"),
        ("kpi/views/pack/build.py", "from reports import layout", "kpi is pure"),
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


APPLICATION = ("kpi", "ui", "charts", "loaders", "admin", "reports")


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. every import loop."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_loop_anywhere_in_application_code():
    """Imports inside functions count too: no loop is held apart by deferring one side of it."""
    import grimp

    graph = grimp.build_graph(*APPLICATION, include_external_packages=False, cache_dir=None)
    edges = {
        m: {i for i in graph.find_modules_directly_imported_by(m) if i.split(".")[0] in APPLICATION}
        for m in graph.modules
    }
    # A package's __init__ is not a loop with its own modules: only module-to-module edges between distinct files.
    edges = {m: {i for i in targets if not m.startswith(i + ".")} for m, targets in edges.items()}
    assert _loops(edges) == []


# Imports inside a function that stay, each for a reason other than a loop.
DEFERRED_IMPORTS = {"kpi/__main__.py": "the entry script hands `pack` to the reports package by module name"}


def test_no_import_of_the_project_inside_a_function_in_kpi_but_those_said_why():
    """Third-party modules some files load only when used (pyarrow, openpyxl, calamine) are not counted."""
    deferred = set()
    for path in sorted((ROOT / "kpi").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.If)) and node is not tree:
                for inner in ast.walk(node):
                    if not isinstance(inner, (ast.Import, ast.ImportFrom)) or inner.col_offset == 0:
                        continue
                    names = [a.name for a in inner.names] if isinstance(inner, ast.Import) else [inner.module or ""]
                    ours = any(n.split(".")[0] in APPLICATION for n in names)
                    if ours and not (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)):
                        deferred.add(str(path.relative_to(ROOT)))
    assert deferred <= set(DEFERRED_IMPORTS), sorted(deferred - set(DEFERRED_IMPORTS))
