"""Rows of the page-rerun section (bench/apptest_runs.py): each page's warm rerun and a council not seen before,
against the one-chart floor and against the page's element floor (the same elements drawn from constant data)."""

from __future__ import annotations

import math

TARGETS = {
    "warm_vs_element_floor": 1.3,  # x the page's element floor's warm rerun
    "warm_vs_floor": 2.0,  # x the one-chart floor's warm rerun
    "cold_council": 3.0,  # x the one-chart floor's rerun with a value it has not seen
    "sources": 2.0,  # Data sources draws nothing per council: both its reruns x the one-chart floor
}


def _ratio(a: float, b: float) -> float:
    return a / b if b and not (math.isnan(a) or math.isnan(b)) else float("nan")


def _row(what: str, measured: str, limit: float, ratio: float) -> tuple:
    return (what, measured, f"<= {limit}x", None if math.isnan(ratio) else ratio <= limit)


def page_rows(pages: list[dict]) -> list:
    out = []
    for p in pages:
        name = p["page"]
        floor_limit = TARGETS["sources"] if name == "Data sources" else TARGETS["warm_vs_floor"]
        cold_limit = TARGETS["sources"] if name == "Data sources" else TARGETS["cold_council"]
        element = _ratio(p["warm_ms"], p.get("element_warm_ms", float("nan")))
        floor = _ratio(p["warm_ms"], p["floor_warm_ms"])
        cold = _ratio(p["cold_ms"], p["floor_cold_ms"])
        cold_element = _ratio(p["cold_ms"], p.get("element_cold_ms", float("nan")))
        out += [
            _row(
                f"{name}: warm rerun vs its element floor",
                f"{p['warm_ms']:.0f} ms vs {p.get('element_warm_ms', float('nan')):.0f} ms = {element:.1f}x",
                TARGETS["warm_vs_element_floor"],
                element,
            ),
            _row(
                f"{name}: warm rerun vs the one-chart floor ({p['charts']} chart(s))",
                f"{p['warm_ms']:.0f} ms vs {p['floor_warm_ms']:.0f} ms = {floor:.1f}x",
                floor_limit,
                floor,
            ),
            _row(
                f"{name}: council not seen before vs the one-chart floor",
                f"{p['cold_ms']:.0f} ms vs {p['floor_cold_ms']:.0f} ms = {cold:.1f}x (vs its element floor "
                f"{p.get('element_cold_ms', float('nan')):.0f} ms = {cold_element:.1f}x)",
                cold_limit,
                cold,
            ),
        ]
    return out
