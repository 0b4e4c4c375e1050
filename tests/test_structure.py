"""The house stays readable: every kpi module sits in a room, modules and functions stay short, pages stay thin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ("kpi", "loaders", "charts", "reports", "ui", "pages", "scripts", "bench", "admin")
MAX_MODULE_LINES, MAX_PAGE_LINES, MAX_FUNCTION_LINES = 250, 120, 60
ROOMS = {"core", "storage", "model", "calc", "officers", "views", "cli"}


def modules() -> list[Path]:
    return sorted(p for part in APPLICATION for p in (ROOT / part).rglob("*.py")) + [ROOT / "dashboard.py"]


def test_kpi_has_no_flat_module_list():
    flat = sorted(p.name for p in (ROOT / "kpi").glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert not flat, f"kpi modules outside a room: {flat}"
    assert {p.name for p in (ROOT / "kpi").iterdir() if p.is_dir() and p.name != "__pycache__"} == ROOMS
    for package in sorted((ROOT / "kpi").rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(package.read_text()))
        assert doc and "TODO" not in doc, f"{package.parent.relative_to(ROOT)} says what it owns and may import"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_function_sizes(path):
    text = path.read_text()
    limit = MAX_PAGE_LINES if path.relative_to(ROOT).parts[0] == "pages" else MAX_MODULE_LINES
    assert text.count("\n") <= limit, f"{path.relative_to(ROOT)} has {text.count(chr(10))} lines (limit {limit})"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{node.name} at line {node.lineno} has {length} lines"
