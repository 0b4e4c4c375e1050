"""ONS series YBGB: GDP at market prices, implied deflator, seasonally adjusted (2022 = 100).

The CSV download has a metadata block (Title, CDID, ..., Important notes), then annual rows "1948",
quarterly rows "1955 Q1" and monthly rows for some series. Financial-year values are the mean of the four
quarters April to March (Q2, Q3, Q4 of year t and Q1 of t+1), as HM Treasury builds its own table.
"""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

from kpi.periods import fy_label
from loaders.errors import BadData, LayoutChanged

SOURCE_ID = "ons_gdp_deflator_ybgb"
_QUARTER = re.compile(r"^(\d{4}) Q([1-4])$")


def parse(content: bytes) -> tuple[dict[str, str], pd.DataFrame]:
    """Metadata and the quarterly series as (year, quarter, value)."""
    text = content.decode("utf-8-sig", errors="strict")
    meta: dict[str, str] = {}
    rows = []
    for record in csv.reader(io.StringIO(text)):
        if not record:
            continue
        key = record[0].strip()
        value = record[1].strip() if len(record) > 1 else ""
        match = _QUARTER.match(key)
        if match:
            try:
                rows.append((int(match.group(1)), int(match.group(2)), float(value)))
            except ValueError as exc:
                raise BadData(SOURCE_ID, f"quarter {key} has the value {value!r}, expected a number") from exc
        elif not re.match(r"^\d{4}( [A-Z]{3})?$", key):
            meta[key] = value
    if meta.get("CDID") != "YBGB":
        raise LayoutChanged(SOURCE_ID, f"expected the series id CDID 'YBGB' in the header, found {meta.get('CDID')!r}")
    if not rows:
        raise BadData(SOURCE_ID, "no quarterly rows such as '2024 Q1' were found")
    return meta, pd.DataFrame(rows, columns=["year", "quarter", "value"])


def financial_years(quarters: pd.DataFrame) -> pd.DataFrame:
    """Mean of April-June .. January-March for every complete financial year."""
    q = quarters.copy()
    q["fy_start"] = q["year"].where(q["quarter"] >= 2, q["year"] - 1)
    grouped = q.groupby("fy_start")["value"].agg(["mean", "count"])
    grouped = grouped[grouped["count"] == 4]
    return pd.DataFrame({
        "period": [fy_label(y) for y in grouped.index],
        "index": grouped["mean"].round(4).to_numpy(),
    })


def normalise(meta: dict[str, str], quarters: pd.DataFrame) -> pd.DataFrame:
    out = financial_years(quarters)
    out["source_id"] = SOURCE_ID
    out["release"] = meta.get("Release date", "")
    return out


def read(content: bytes) -> pd.DataFrame:
    meta, quarters = parse(content)
    return normalise(meta, quarters)
