"""MHCLG borrowing and investment live table (QB return): total outstanding borrowing by authority.

Sheets are named like `LA Borrowing 19-20 Q4`, `LA Borrowing 17-18` or `LA Borrowing - 08-09`; year-end sheets (Q4
or unqualified years) give the stock at 31 March, which belongs to the financial year ending then. Each sheet has a
small UK/country block with its own header above the authorities' header, so the *last* row starting `LGF code` /
`E-code` is used. There is no total column: total borrowing is the sum of the loan-category columns. £ thousand.
"""

from __future__ import annotations

import re

import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import fy_label
from loaders.areas import AreaLookup
from loaders.base import Parsed, by_council, concat, tidy
from loaders.errors import LayoutChanged
from loaders.source import Source
from loaders.tables import Workbook, clean_label, no_sheet, sniffed_workbook, table_under, to_number

SOURCE_ID = "mhclg_borrowing_investment"
SOURCE_IDS = (SOURCE_ID,)
_SHEET = re.compile(
    r"^LA Borrowing\s*-?\s*(?:Q(?P<q1>[1-4])\s*)?(?P<y1>\d{2})-(?P<y2>\d{2})"
    r"(?:\s*Q(?P<q2>[1-4]))?\s*$",
    re.I,
)
_IDENTITY = re.compile(
    r"^(LGF code|DCLG E-?code|E-?code|Local authority( name)?|Category|Country|"
    r"Class( of authority)?|ONS code|Region)$",
    re.I,
)
WANTED = "sheet like 'LA Borrowing 19-20 Q4'"


def sniff(content: bytes, filename: str = "") -> str:
    book = sniffed_workbook(content, SOURCE_ID, filename, WANTED)
    if book.find_sheets(r"^LA Borrowing"):
        return SOURCE_ID
    raise no_sheet(book, WANTED)


def year_end_sheets(names: list[str]) -> dict[str, str]:
    """Sheet name -> financial year whose 31 March stock it holds."""
    out = {}
    for name in names:
        m = _SHEET.match(name.strip())
        if not m:
            continue
        quarter = m.group("q1") or m.group("q2")
        if quarter and quarter != "4":
            continue
        out[name] = fy_label(2000 + int(m.group("y1")))
    return out


def parse(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, SOURCE_ID, filename)
    sheets = year_end_sheets(book.sheet_names)
    if not sheets:
        raise LayoutChanged(
            SOURCE_ID,
            "no year-end sheet named like 'LA Borrowing 19-20 Q4' or 'LA Borrowing 17-18'; "
            f"found {', '.join(book.sheet_names[:30])}",
        )
    frames = []
    for name, period in sheets.items():
        table = table_under(book, name, r"LGF code|(DCLG )?E-?code", last=True)
        labels, cols, body = table.labels, table.cols, table.body
        ecode = body[cols.find(r"^(LGF code|(DCLG )?E-?code)$", what="LGF code / E-code")].map(clean_label)
        ons = cols.find(r"^ONS code$", what="ONS code", required=False)
        categories = [
            i for i, lab in enumerate(labels) if lab and not _IDENTITY.match(lab) and "total" not in lab.lower()
        ]
        if len(categories) < 5:
            raise LayoutChanged(SOURCE_ID, f"sheet {name!r}: expected the loan-category columns, found {labels}")
        values = pd.concat(
            [to_number(body[i], source_id=SOURCE_ID, what=f"{name} {labels[i]}", strict=False) for i in categories],
            axis=1,
        )
        frame = pd.DataFrame(
            {
                "ecode": ecode,
                "ons_code": body[ons].map(clean_label) if ons is not None else "",
                "name": body[cols.find(r"^Local authority", what="authority name")].map(clean_label),
                "total_borrowing": values.sum(axis=1, min_count=1),
                "period": period,
                "sheet": name,
            }
        )
        frames.append(frame[frame["ecode"].str.match(r"^E\d{4}$")])
    return Parsed(SOURCE_ID, pd.concat(frames, ignore_index=True), meta={"sheets": sheets})


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = by_council(parsed.frame, areas)
    out = pd.DataFrame(
        {
            S.AREA_CODE: raw[S.AREA_CODE],
            S.PERIOD: raw["period"],
            S.VALUE: raw["total_borrowing"] * 1000,
            S.NOTES: "outstanding at " + raw["period"].map(lambda p: f"{int(p[:4]) + 1}-03-31"),
        }
    )
    return concat([tidy(out, metric="total_debt", unit="gbp", source=SOURCE_ID)])


SOURCE = Source(name="borrowing", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
