"""ONS mid-year population estimates by local authority: the Nomis API (CSV) and the MYE release workbooks.

A mid-YYYY estimate belongs to the financial year starting in YYYY. Estimates for mid-2021 on are 2021
Census-based (`ons_mye_2021_based`); mid-2020 and earlier as published before the Census 2021 revision are
`ons_mye_2011_based`. A release workbook's MYE4 sheet also repeats older comparison years (Mid-2011, Mid-2001)
from other vintages: from a 2021 Census-based workbook only its newest year is taken.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import mid_year_to_period
from loaders import http, registry
from loaders.areas import AreaLookup
from loaders.base import Parsed, concat, tidy
from loaders.errors import BadData, LayoutChanged, NotThisSource
from loaders.source import Fetched, Source
from loaders.tables import Workbook, clean_label, file_kind, no_sheet, sniffed_workbook, table_under, to_number

NEW = "ons_mye_2021_based"
OLD = "ons_mye_2011_based"
SOURCE_IDS = (NEW, OLD)
NOMIS_MAX_ROWS = 25_000
CHUNK = 200  # council codes per Nomis call: four rows each (latest four mid-years), far below the row limit


def vintage(mid_year: int) -> str:
    return NEW if mid_year >= 2021 else OLD


def build_request(area_codes: list[str]) -> list[http.Request]:
    """Nomis calls for the latest estimate of these councils, chunked to stay under the row limit."""
    entry = registry.entry(NEW)
    codes = sorted(area_codes)
    return [
        registry.request_for(entry, params=entry.params + (("geography", ",".join(codes[i : i + CHUNK])),))
        for i in range(0, len(codes), CHUNK)
    ]


def fetch_nomis(session, entry: registry.Entry, areas: AreaLookup, progress=None) -> list[Fetched]:
    """Every council's latest estimates in chunked Nomis calls, joined into one CSV."""
    parts = []
    for request in build_request(sorted(areas.codes)):
        body = http.get(session, request, progress=progress)
        parts.append(body)
    header, rows = None, []
    for body in parts:
        lines = body.decode("utf-8-sig").splitlines()
        if not lines:
            raise BadData(NEW, "Nomis returned an empty response")
        header = header or lines[0]
        if lines[0] != header:
            raise LayoutChanged(NEW, f"Nomis chunks disagree on the header: {header!r} vs {lines[0]!r}")
        rows.extend(lines[1:])
    return [(("\n".join([header, *rows]) + "\n").encode(), "nomis_NM_2002_1.csv", "")]


def sniff(content: bytes, filename: str = "") -> str:
    kind = file_kind(content, filename)
    if kind == "csv":
        first = content[:500].decode("utf-8-sig", errors="replace").splitlines()[:1]
        if first and re.search(r"GEOGRAPHY_CODE", first[0]) and re.search(r"OBS_VALUE", first[0]):
            return NEW
        raise NotThisSource(
            NEW, "no GEOGRAPHY_CODE and OBS_VALUE columns (Nomis CSV); a release workbook has a sheet MYE4"
        )
    if kind not in ("xlsx", "xls", "ods"):
        raise NotThisSource(NEW, f"not a Nomis CSV or an MYE workbook ({kind})")
    book = sniffed_workbook(content, NEW, filename, "sheet MYE4")
    if "MYE4" in book.sheet_names:
        return NEW
    raise no_sheet(book, "sheet MYE4")


def parse(content: bytes, filename: str = "") -> Parsed:
    if file_kind(content, filename) == "csv":
        return parse_nomis(content)
    return parse_workbook(content, filename)


def parse_nomis(content: bytes) -> Parsed:
    try:
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BadData(NEW, f"the Nomis CSV could not be read ({exc})") from exc
    cols = {c.upper(): c for c in frame.columns}
    for need in ("GEOGRAPHY_CODE", "OBS_VALUE"):
        if need not in cols:
            raise LayoutChanged(NEW, f"Nomis CSV: no {need} column; columns found: {list(frame.columns)}")
    date_col = cols.get("DATE_NAME") or cols.get("DATE")
    if date_col is None:
        raise LayoutChanged(NEW, f"Nomis CSV: no DATE_NAME or DATE column; columns found: {list(frame.columns)}")
    if frame.empty:
        raise BadData(NEW, "the Nomis CSV has a header but no rows")
    if len(frame) >= NOMIS_MAX_ROWS:
        raise BadData(NEW, f"the Nomis response has {len(frame):,} rows, the API's limit: it was cut off")
    years = frame[date_col].map(lambda d: re.search(r"(19|20)\d{2}", str(d)))
    if years.isna().any():
        bad = frame.loc[years.isna(), date_col].iloc[0]
        raise BadData(NEW, f"Nomis DATE_NAME {bad!r} has no year")
    out = pd.DataFrame(
        {
            "code": frame[cols["GEOGRAPHY_CODE"]].str.strip(),
            "mid_year": years.map(lambda m: int(m.group(0))),
            "population": to_number(frame[cols["OBS_VALUE"]], source_id=NEW, what="OBS_VALUE"),
        }
    )
    return Parsed(NEW, out, meta={"layout": "nomis", "all_years": True})


def parse_workbook(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, NEW, filename)
    sheet = book.find_sheet(r"^MYE ?4$", what="'MYE4' (population summary)")
    table = table_under(book, sheet, r"Code")
    grid, labels, body = table.grid, table.labels, table.body
    code = table.cols.find(r"^Code$", what="area code")
    years = {i: int(m.group(1)) for i, lab in enumerate(labels) if (m := re.match(r"^Mid-(\d{4})$", lab))}
    if not years:
        raise LayoutChanged(NEW, f"sheet {sheet!r}: no columns named like 'Mid-2022'; found {labels}")
    newest = max(years.values())
    keep = years if newest < 2021 else {i: y for i, y in years.items() if y == newest}
    frames = [
        pd.DataFrame(
            {
                "code": body[code].map(clean_label),
                "mid_year": year,
                "population": to_number(body[i], source_id=NEW, what=f"{sheet} Mid-{year}"),
            }
        )
        for i, year in keep.items()
    ]
    title = clean_label(grid.iat[0, 0])
    return Parsed(NEW, pd.concat(frames, ignore_index=True), release=title, meta={"layout": "mye4", "newest": newest})


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = parsed.frame.copy()
    if parsed.meta.get("layout") == "nomis":
        # Nomis serves the current (2021 Census-based) series; earlier years there are not the 2011-based
        # estimates this dashboard keeps under ons_mye_2011_based, so they are left out rather than mislabelled.
        raw = raw[raw["mid_year"] >= 2021]
    raw[S.AREA_CODE] = raw["code"].map(areas.gss)
    raw = raw.dropna(subset=[S.AREA_CODE, "population"]).drop_duplicates([S.AREA_CODE, "mid_year"])
    raw[S.PERIOD] = raw["mid_year"].map(mid_year_to_period)
    raw[S.VALUE] = raw["population"]
    raw[S.NOTES] = "mid-" + raw["mid_year"].astype(str) + " estimate"
    raw["source"] = raw["mid_year"].map(vintage)
    return concat(
        [tidy(part, metric="population", unit="people", source=str(src)) for src, part in raw.groupby("source")]
    )


SOURCE = Source(name="ons_population", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise, fetch=fetch_nomis)
