"""Shared helpers for loader tests: fixture paths and the area lookup of the committed catalogue."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "tests" / "fixtures" / "raw"
GOVUK = ROOT / "tests" / "fixtures" / "govuk"


def raw(name: str) -> bytes:
    return (RAW / name).read_bytes()


def areas():
    from loaders.areas import AreaLookup

    return AreaLookup.from_dir(ROOT / "data")


def value(frame: pd.DataFrame, area: str, metric: str, period: str) -> float:
    rows = frame[(frame["area_code"] == area) & (frame["metric_id"] == metric) & (frame["period"] == period)]
    assert len(rows) == 1, f"expected one row for {area} {metric} {period}, found {len(rows)}"
    return float(rows["value"].iloc[0])


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook from rows of cells (for documented shapes with example values)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return buffer.getvalue()
