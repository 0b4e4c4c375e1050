"""RS and RA "data by LA" workbooks (xls, xlsx, ods): the lines the dashboard reads, found by code or label.

The header row (first cell "E-code") sits under banner rows, line numbers and, since 2022-23, a row of machine
codes such as `RS-netrevexp-net-exp`. Columns are found by machine code where the row exists and by label
otherwise; reserves columns are told apart (1 April vs 31 March) by their label or the banner above them. Older
files spread the lines over sheets (1), (2): each line is taken from the first sheet that has it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from loaders.base import Parsed
from loaders.errors import LayoutChanged
from loaders.tables import Columns, Workbook, clean_label, financial_year_in, find_header_row, row_labels, to_number

RS = "mhclg_revenue_outturn_rs"
RA = "mhclg_revenue_account_ra"


@dataclass(frozen=True)
class Line:
    key: str
    code: str  # asset part of the machine code, e.g. "netrevexp" in RS-netrevexp-net-exp
    label: str  # regex on the header label when there is no code row


FLOWS = {
    "net_revenue_expenditure": Line("nre", "netrevexp-net-exp", r"^NET REVENUE EXPENDITURE"),
    "service_spend": Line("tse", "totsx-net-exp", r"^TOTAL SERVICE EXPENDITURE"),
    "interest_payable": Line(
        "int",
        "intextpay-net-exp",
        r"^(Interest: (Interest payable|external payments)|"
        r"Interest payable and similar charges)",
    ),
    "minimum_revenue_provision": Line("mrp", "provprin-net-exp", r"^Provision for repayment of principal"),
    "council_tax_requirement": Line("ctr", "ctrtot-net-exp", r"^COUNCIL TAX REQUIREMENT"),
    # Service lines 360 and 330; 2010-11 forms have one "Social care" line instead, which matches neither.
    "adult_social_care_spend": Line("asc", "asc-net-exp", r"^Adult('?s)? Social Care$"),
    "childrens_social_care_spend": Line("csc", "csc-net-exp", r"^Child(ren)?('?s)? Social Care$"),
}
# Shire districts return these lines as zeros (no social care duties): left out, as the measures do not apply.
UPPER_TIER_ONLY = ("adult_social_care_spend", "childrens_social_care_spend")
RESERVES = {  # other earmarked (line 915, unadjusted) + unallocated (916)
    "oth_start": Line(
        "oth_start",
        "resoth-start-cy",
        r"other earmarked (financial )?reserves level.*1 April|"
        r"^(Estimated )?other earmarked financial reserves level( \(unadjusted\))?$",
    ),
    "una_start": Line(
        "una_start",
        "resunall-start-cy",
        r"unallocated (financial )?reserves level.*1 April|"
        r"^(Estimated )?unallocated financial reserves level$",
    ),
    "oth_end": Line("oth_end", "resoth-end-cy", r"other earmarked (financial )?reserves level.*31 March"),
    "una_end": Line("una_end", "resunall-end-cy", r"unallocated (financial )?reserves level.*31 March"),
}


def parse_workbook(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, RS, filename)
    rs_sheets = book.find_sheets(r"^RS[ _]LA[ _]Data")
    ra_sheets = book.find_sheets(r"^RA[ _]LA[ _]Data")
    if not rs_sheets and not ra_sheets:
        raise LayoutChanged(
            RS, f"no sheet named like 'RS LA Data 2023-24' or 'RA LA Data 2016-17'; found {', '.join(book.sheet_names)}"
        )
    return parse_sheets(book, rs_sheets or ra_sheets, RS if rs_sheets else RA)


@dataclass
class _Sheet:
    """One data sheet: header labels, the machine code and banner above each column, and the rows below."""

    name: str
    labels: list[str]
    codes: list[str]
    banner: list[str]
    cols: Columns
    body: pd.DataFrame
    year: str | None
    release: str


def _read_sheet(book: Workbook, name: str, source: str) -> _Sheet:
    grid = book.sheet(name)
    header = find_header_row(grid, r"E-?code|DCLG E-?code", source_id=source, sheet=name)
    labels = row_labels(grid, header)
    codes, banner = _column_context(grid, header)
    year = financial_year_in(name) or financial_year_in(clean_label(grid.iat[0, 0]))
    notes = [clean_label(grid.iat[r, 0]) for r in range(header)]
    release = next((t for t in reversed(notes) if t.lower().startswith("last updated")), "")
    body = grid.iloc[header + 1 :].reset_index(drop=True)
    return _Sheet(name, labels, codes, banner, Columns(labels, source, name), body, year, release)


def _column_context(grid: pd.DataFrame, header: int) -> tuple[list[str], list[str]]:
    """Machine codes (if a code row exists above the header) and banner text above each column."""
    codes = [""] * grid.shape[1]
    banner = [""] * grid.shape[1]
    for r in range(max(0, header - 8), header):
        cells = row_labels(grid, r)
        if sum(bool(re.match(r"^R[SA]-[a-z]", c, re.I)) for c in cells) > 5:
            codes = [c.lower() for c in cells]
            continue
        if any(re.search(r"reserves|expenditure|capital", c, re.I) for c in cells):
            current = ""
            for i, c in enumerate(cells):
                if c:
                    current = c
                banner[i] = (banner[i] + " " + current).strip()
    return codes, banner


def _identity(sheet: _Sheet) -> pd.DataFrame:
    cols, body = sheet.cols, sheet.body
    ecode = cols.find(r"^E-?code$", what="E-code")
    ons = cols.find(r"^ONS Code$", what="ONS code", required=False)
    klass = cols.find(r"^Class$", what="class")
    cert = cols.find(r"^Certification$", what="certification", required=False)
    return pd.DataFrame(
        {
            "ecode": body[ecode].map(clean_label),
            "ons_code": body[ons].map(clean_label) if ons is not None else "",
            "name": body[cols.find(r"^Local authority", what="authority name")].map(clean_label),
            "class": body[klass].map(clean_label),
            "certification": body[cert].map(clean_label) if cert is not None else "",
        }
    )


def _aligned(sheet: _Sheet, ecodes: list[str]) -> pd.DataFrame:
    """Sheets (1), (2) of older files list the same bodies; rows aligned by E-code if the order differs."""
    keys = sheet.body[sheet.cols.find(r"^E-?code$", what="E-code")].map(clean_label)
    if list(keys) == ecodes:
        return sheet.body
    first = ~keys.duplicated(keep="first")
    return sheet.body[first].set_index(keys[first]).reindex(ecodes).reset_index(drop=True)


def _column_for(key: str, line: Line, sheet: _Sheet) -> int | None:
    """By machine code where the sheet has a code row, else by label (older reserves: label and banner)."""
    if any(sheet.codes):
        want = re.compile(rf"^r[sa]-{re.escape(line.code)}$")
        idx = next((i for i, c in enumerate(sheet.codes) if want.match(c)), None)
        if idx is not None:
            return idx
    regex = re.compile(line.label, re.I)
    hits = [i for i, lab in enumerate(sheet.labels) if regex.search(lab)]
    if key in RESERVES and not hits:
        # Older forms: "Other earmarked financial reserves level" under a banner naming the date.
        when = "1 April" if key.endswith("start") else "31 March"
        kind = "other earmarked" if key.startswith("oth") else "unallocated"
        context = [f"{lab} || {ban}" for lab, ban in zip(sheet.labels, sheet.banner)]
        hits = [
            i
            for i, ctx in enumerate(context)
            if re.search(rf"^(Estimated )?{kind} financial reserves level", ctx, re.I) and when.lower() in ctx.lower()
        ]
    return hits[0] if hits else None


def parse_sheets(book: Workbook, sheets: list[str], source: str) -> Parsed:
    """Council identity from the first sheet; each line from the first sheet that has it."""
    found: dict[str, pd.Series] = {}
    labels_used: dict[str, str] = {}
    ident, year, release = None, None, ""
    for name in sheets:
        sheet = _read_sheet(book, name, source)
        year = year or sheet.year
        release = sheet.release or release
        if ident is None:
            ident = _identity(sheet)
        else:
            sheet.body = _aligned(sheet, list(ident["ecode"]))
        for key, line in {**FLOWS, **RESERVES}.items():
            idx = None if key in found else _column_for(key, line, sheet)
            if idx is not None:
                found[key] = to_number(
                    sheet.body[idx], source_id=source, strict=False, what=f"sheet {name!r} column {sheet.labels[idx]!r}"
                )
                labels_used[key] = sheet.labels[idx]
    missing = [k for k in ("net_revenue_expenditure", "council_tax_requirement") if k not in found]
    if missing:
        raise LayoutChanged(
            source,
            f"sheets {sheets}: no column for {', '.join(missing)} (looked for machine codes "
            f"like RS-netrevexp-net-exp and labels like 'NET REVENUE EXPENDITURE')",
        )
    if year is None:
        raise LayoutChanged(source, f"no financial year such as 2023-24 in the sheet names {sheets} or titles")
    frame = ident.assign(**{k: v.to_numpy() for k, v in found.items()})
    frame["period"] = year
    estimated = {k: bool(re.search(r"estimat", labels_used.get(k, ""), re.I)) for k in RESERVES}
    release = f"{'RS' if source == RS else 'RA'} {year}" + (f" ({release})" if release else "")
    return Parsed(
        source_id=source,
        frame=frame,
        release=release,
        meta={"year": year, "estimated_reserves": estimated, "columns": labels_used},
    )
