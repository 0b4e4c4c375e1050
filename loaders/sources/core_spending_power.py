"""MHCLG Core Spending Power information table (`CSP_information_table_*.xlsx`), one per settlement.

Documented shape (no release file is committed to test against): one flat sheet per year named like `2024-25`,
with a machine-name header row `ecode, ons_code, authority, region, class, ..., csp_2024, pop_2024` where the
column names carry the year the figures are for (csp_2024 = 2024-25). £ million or £ in different settlements:
the unit is read from a `_m` suffix (csp_m_2024) when present, else taken as pounds. Each figure is recorded with
the settlement it comes from, because definitions change between settlements.

A multi-year settlement (2026-27 to 2028-29, named so in the file name or a sheet's title rows, or a sheet whose
title says "indicative") settles its first year; the later years are indicative allocations, confirmed or changed
by each year's settlement: they are kept with status provisional and a note saying so, never as final figures.
"""

from __future__ import annotations

import re

import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import fy_label
from loaders.areas import AreaLookup
from loaders.base import Parsed, by_council, concat, tidy
from loaders.errors import LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.tables import Workbook, clean_label, file_kind, no_sheet, sniffed_workbook, table_under, to_number

SOURCE_ID = "mhclg_core_spending_power"
SOURCE_IDS = (SOURCE_ID,)
_YEAR_SHEET = re.compile(r"^(20\d{2})-(\d{2})$")
_CSP_COL = re.compile(r"^csp_(m_)?(20\d{2})$", re.I)
_SPAN = re.compile(r"(20\d{2})-(\d{2})[\s_]*(?:to|-|–)[\s_]*(20\d{2})-(\d{2})")
_INDICATIVE = re.compile(r"indicative", re.I)
WANTED = "sheet like '2024-25' with a column like csp_2024"


def sniff(content: bytes, filename: str = "") -> str:
    kind = file_kind(content, filename)
    if kind not in ("xlsx", "ods"):
        raise NotThisSource(SOURCE_ID, f"not an xlsx or ods workbook ({kind}); looked for a {WANTED}")
    book = sniffed_workbook(content, SOURCE_ID, filename, WANTED)
    for name in [s for s in book.sheet_names if _YEAR_SHEET.match(s)][:1]:
        grid = book.sheet(name)
        if any(_CSP_COL.match(clean_label(v)) for r in range(min(15, len(grid))) for v in grid.iloc[r].tolist()):
            return SOURCE_ID
    raise no_sheet(book, WANTED)


def parse(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, SOURCE_ID, filename)
    sheets = [s for s in book.sheet_names if _YEAR_SHEET.match(s)]
    if not sheets:
        raise LayoutChanged(SOURCE_ID, f"no per-year sheet named like '2024-25'; found {', '.join(book.sheet_names)}")
    frames = []
    for name in sheets:
        table = table_under(book, name, r"ons_code")
        labels, cols, body = table.labels, table.cols, table.body
        csp = [(i, m) for i, lab in enumerate(labels) if (m := _CSP_COL.match(lab))]
        if not csp:
            raise LayoutChanged(SOURCE_ID, f"sheet {name!r}: no column named like csp_2024; found {labels[:20]}")
        ecode = cols.find(r"^ecode$", what="ecode", required=False)
        for i, m in csp:
            year = int(m.group(2))
            frames.append(
                pd.DataFrame(
                    {
                        "ons_code": body[cols.find(r"^ons_code$", what="ons_code")].map(clean_label),
                        "ecode": body[ecode].map(clean_label) if ecode is not None else "",
                        "period": fy_label(year),
                        "value": (
                            to_number(body[i], source_id=SOURCE_ID, what=f"{name} {labels[i]}")
                            * (1e6 if m.group(1) else 1)
                        ),
                        "sheet": name,
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    # The sheet named for a year is authoritative for that year; a figure repeated on another sheet is dropped.
    frame["own"] = frame["sheet"] == frame["period"]
    frame = frame.sort_values("own", ascending=False).drop_duplicates(["ons_code", "ecode", "period"])
    settled, indicative, release = _settlement(book, sheets, filename)
    return Parsed(SOURCE_ID, frame, release=release, meta={"settlement": settled, "indicative": indicative})


def _title_text(book: Workbook, sheet: str) -> str:
    grid = book.sheet(sheet)
    return " ".join(str(v) for r in range(min(5, len(grid))) for v in grid.iloc[r].tolist() if isinstance(v, str))


def _settlement(book: Workbook, sheets: list[str], filename: str) -> tuple[str, tuple[str, ...], str]:
    """(the year the settlement settles, the later years it gives only indicative allocations for, its release
    label). A stated span (2026-27 to 2028-29) settles its first year; without one, the latest sheet is the
    settlement's year, and a sheet whose title says "indicative" is indicative all the same."""
    titles = {name: _title_text(book, name) for name in sheets}
    span = _SPAN.search(filename) or next((m for t in titles.values() if (m := _SPAN.search(t))), None)
    if span:
        first, last = f"{span.group(1)}-{span.group(2)}", f"{span.group(3)}-{span.group(4)}"
        later = tuple(y for y in sheets if first < y <= last)
        return first, later, f"multi-year settlement {first} to {last} (later years indicative)"
    settled = max(sheets)
    later = tuple(y for y, t in titles.items() if _INDICATIVE.search(t))
    return settled, later, f"settlement {settled}" + (" (some years indicative)" if later else "")


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = by_council(parsed.frame, areas)
    settled, indicative = parsed.meta["settlement"], set(parsed.meta.get("indicative", ()))
    later = raw["period"].isin(indicative)
    out = pd.DataFrame(
        {
            S.AREA_CODE: raw[S.AREA_CODE],
            S.PERIOD: raw["period"],
            S.VALUE: raw["value"].round(0),
            S.STATUS: [S.PROVISIONAL if i else S.FINAL for i in later],
            S.NOTES: [
                f"indicative allocation in the {settled} settlement, not a final figure: each year's settlement "
                "confirms or changes it"
                if i
                else f"Core Spending Power as published in the {settled} settlement"
                for i in later
            ],
        }
    )
    return concat([tidy(out, metric="core_spending_power", unit="gbp", source=SOURCE_ID)])


SOURCE = Source(name="core_spending_power", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
