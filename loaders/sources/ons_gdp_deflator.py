"""GDP deflators: ONS series YBGB (CSV) and the HM Treasury workbook. Either replaces data/deflators.csv whole.

YBGB is GDP at market prices, implied deflator, seasonally adjusted (2022 = 100). The CSV download has a metadata
block (Title, CDID, ..., Important notes), then annual rows "1948", quarterly rows "1955 Q1" and monthly rows for
some series. Financial-year values are the mean of the four quarters April to March (Q2, Q3, Q4 of year t and Q1
of t+1), as HM Treasury builds its own table.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from kpi.core.periods import fy_label
from loaders.areas import AreaLookup
from loaders.base import Parsed
from loaders.errors import BadData, LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.tables import Columns, Workbook, clean_label, file_kind, find_header_row, row_labels, to_number

SOURCE_ID = "ons_gdp_deflator_ybgb"
_QUARTER = re.compile(r"^(\d{4}) Q([1-4])$")


def parse_ybgb(content: bytes) -> tuple[dict[str, str], pd.DataFrame]:
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
    return pd.DataFrame({"period": [fy_label(y) for y in grouped.index], "index": grouped["mean"].round(4).to_numpy()})


def normalise_ybgb(meta: dict[str, str], quarters: pd.DataFrame) -> pd.DataFrame:
    out = financial_years(quarters)
    out["source_id"] = SOURCE_ID
    out["release"] = meta.get("Release date", "")
    return out


def read(content: bytes) -> pd.DataFrame:
    """The financial-year series of a YBGB CSV (the bundled build reads it here too)."""
    meta, quarters = parse_ybgb(content)
    return normalise_ybgb(meta, quarters)


# --------------------------------------------------------------------------------------------- HM Treasury workbook
# "GDP deflators at market prices, and money GDP": one sheet, header row with "Financial year" then a column labelled
# with the release's base ("2022-23 = 100"). Forecast rows carry footnote markers ("2023-24 (1), (2)") and "-".

HMT_ID = "hmt_gdp_deflators"
SOURCE_IDS = (SOURCE_ID, HMT_ID)


def parse_hmt(content: bytes, filename: str = "") -> pd.DataFrame:
    book = Workbook(content, HMT_ID, filename)
    sheet = book.sheet_names[0]
    for name in book.sheet_names:
        if re.search(r"deflator", name, re.I):
            sheet = name
            break
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"Financial year", source_id=HMT_ID, sheet=sheet)
    # The block-title row above also says "Financial year": the header is the one with the base label.
    for r in range(header, min(header + 5, len(grid))):
        if any(re.match(r"^\d{4}-\d{2} = 100$", lab) for lab in row_labels(grid, r)):
            header = r
            break
    labels = row_labels(grid, header)
    cols = Columns(labels, HMT_ID, sheet)
    fy = cols.find(r"^Financial year$", what="Financial year")
    idx = cols.find(r"^\d{4}-\d{2} = 100$", what="the index column labelled like '2022-23 = 100'", start=fy)
    body = grid.iloc[header + 1 :].reset_index(drop=True)
    label = body[fy].map(clean_label)
    period = label.str.extract(r"^(\d{4}-\d{2})", expand=False)
    forecast = label.str.contains(r"\(\d+\)", regex=True)
    value = to_number(body[idx], source_id=HMT_ID, what=f"{sheet} {labels[idx]}", strict=False)
    out = pd.DataFrame({"period": period, "index": value, "forecast": forecast}).dropna(subset=["period"])
    title = " ".join(clean_label(grid.iat[r, 1] if grid.shape[1] > 1 else "") for r in range(header))
    out.attrs["release"] = (re.search(r"last updated ([0-9]{1,2} \w+ \d{4})", title, re.I) or [None, ""])[1]
    out.attrs["base"] = labels[idx]
    return out


def normalise_hmt(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.dropna(subset=["index"])
    out = out[~out["forecast"]]
    return pd.DataFrame(
        {
            "period": out["period"],
            "index": out["index"].round(4),
            "source_id": HMT_ID,
            "release": frame.attrs.get("release", ""),
        }
    ).reset_index(drop=True)


def sniff(content: bytes, filename: str = "") -> str:
    kind = file_kind(content, filename)
    if kind == "csv":
        head = content[:400].decode("utf-8-sig", errors="replace")
        if re.search(r'"?CDID"?\s*,\s*"?YBGB"?', head):
            return SOURCE_ID
        raise NotThisSource(SOURCE_ID, "no CDID YBGB line in the CSV header")
    if kind == "xlsx":
        try:
            found = len(parse_hmt(content, filename)) > 0
        except Exception:  # whatever stops it reading as the HM Treasury table, it is not one
            found = False
        if found:
            return HMT_ID
        raise NotThisSource(
            HMT_ID, "no 'Financial year' table with an index column like '2022-23 = 100' (HM Treasury GDP deflators)"
        )
    raise NotThisSource(SOURCE_ID, f"not the YBGB CSV or the HM Treasury xlsx ({kind})")


def parse(content: bytes, filename: str = "") -> Parsed:
    if file_kind(content, filename) == "csv":
        meta, quarters = parse_ybgb(content)
        return Parsed(SOURCE_ID, quarters, release=meta.get("Release date", ""), meta=meta)
    frame = parse_hmt(content, filename)
    return Parsed(HMT_ID, frame, release=frame.attrs.get("release", ""))


def normalise(parsed: Parsed, areas: AreaLookup | None = None) -> pd.DataFrame:
    """The deflators table (period, index, source_id, release); no council is involved."""
    if parsed.source_id == HMT_ID:
        rows = normalise_hmt(parsed.frame)
    else:
        rows = normalise_ybgb(parsed.meta, parsed.frame)
    if rows.empty:
        raise LayoutChanged(parsed.source_id, "no financial-year deflator rows were found")
    return rows


SOURCE = Source(
    name="ons_gdp_deflator", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise, replaces_table="deflators"
)
