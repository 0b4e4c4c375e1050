"""MHCLG revenue outturn and budget: RS workbooks (xls/xlsx/ods), the multi-year RO CSV, and RA budget workbooks.

RS "data by LA" workbooks put the header row (first cell "E-code") under banner rows, line numbers and, since
2022-23, a row of machine codes such as `RS-netrevexp-net-exp`. Columns are found by machine code where the row
exists and by label otherwise; reserves columns are told apart (1 April vs 31 March) by their label or the banner
above them. Values are £ thousand in the files and pounds here. The RO multi-year CSV (2017-18 on) uses the same
codes with underscores (`RS_netrevexp_net_exp`) and `year_ending` like 202503. RA budget workbooks share the layout
and are flagged status "budget".
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import fy_label
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, Parsed, concat, tidy
from loaders.errors import BadData, LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.tables import (Columns, Workbook, clean_label, file_kind, financial_year_in, find_header_row, no_sheet,
                            row_labels, sniffed_workbook, to_number)

RS = "mhclg_revenue_outturn_rs"
RA = "mhclg_revenue_account_ra"
SOURCE_IDS = (RS, RA)


@dataclass(frozen=True)
class Line:
    key: str
    code: str          # asset part of the machine code, e.g. "netrevexp" in RS-netrevexp-net-exp
    label: str         # regex on the header label when there is no code row


FLOWS = {
    "net_revenue_expenditure": Line("nre", "netrevexp-net-exp", r"^NET REVENUE EXPENDITURE"),
    "service_spend": Line("tse", "totsx-net-exp", r"^TOTAL SERVICE EXPENDITURE"),
    "interest_payable": Line("int", "intextpay-net-exp",
                             r"^(Interest: (Interest payable|external payments)|Interest payable and similar charges)"),
    "minimum_revenue_provision": Line("mrp", "provprin-net-exp", r"^Provision for repayment of principal"),
    "council_tax_requirement": Line("ctr", "ctrtot-net-exp", r"^COUNCIL TAX REQUIREMENT"),
}
RESERVES = {  # other earmarked (line 915, unadjusted) + unallocated (916)
    "oth_start": Line("oth_start", "resoth-start-cy", r"other earmarked (financial )?reserves level.*1 April|"
                                                      r"^(Estimated )?other earmarked financial reserves level( \(unadjusted\))?$"),
    "una_start": Line("una_start", "resunall-start-cy", r"unallocated (financial )?reserves level.*1 April|"
                                                        r"^(Estimated )?unallocated financial reserves level$"),
    "oth_end": Line("oth_end", "resoth-end-cy", r"other earmarked (financial )?reserves level.*31 March"),
    "una_end": Line("una_end", "resunall-end-cy", r"unallocated (financial )?reserves level.*31 March"),
}


# --------------------------------------------------------------------------------------------- sniffing

WANTED = "sheet like 'RS LA Data 2023-24' or 'RA LA Data 2016-17'"


def sniff(content: bytes, filename: str = "") -> str:
    """RS/RA workbook or RO multi-year CSV -> its source id; NotThisSource saying what was looked for."""
    kind = file_kind(content, filename)
    if kind == "csv":
        head = content[:20000].decode("utf-8-sig", errors="replace")
        first = head.splitlines()[0] if head else ""
        if re.search(r"\bRS_netrevexp_net_exp\b", first, re.I) or ("year_ending" in first.lower() and "RS_" in first):
            return RS
        raise NotThisSource(RS, f"no column RS_netrevexp_net_exp (RO multi-year CSV); a workbook needs a {WANTED}")
    book = sniffed_workbook(content, RS, filename, WANTED)
    if book.find_sheets(r"^RS[ _]?(LA|\d)[ _]?.*Data|^RS LA Data"):
        return RS
    if book.find_sheets(r"^RA[ _]LA[ _]Data"):
        return RA
    raise no_sheet(book, WANTED)


# --------------------------------------------------------------------------------------------- parsing

def parse(content: bytes, filename: str = "") -> Parsed:
    kind = file_kind(content, filename)
    if kind == "csv":
        return parse_multi_year_csv(content)
    if kind == "empty":
        raise BadData(RS, "the file is empty")
    book = Workbook(content, RS, filename)
    rs_sheets = book.find_sheets(r"^RS[ _]LA[ _]Data")
    ra_sheets = book.find_sheets(r"^RA[ _]LA[ _]Data")
    if not rs_sheets and not ra_sheets:
        raise LayoutChanged(RS, "no sheet named like 'RS LA Data 2023-24' or 'RA LA Data 2016-17'; found "
                                f"{', '.join(book.sheet_names)}")
    source = RS if rs_sheets else RA
    sheets = rs_sheets or ra_sheets
    return _parse_workbook(book, sheets, source)


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


def _parse_workbook(book: Workbook, sheets: list[str], source: str) -> Parsed:
    found: dict[str, pd.Series] = {}
    labels_used: dict[str, str] = {}
    ident = None
    year = None
    release = ""
    for name in sheets:
        grid = book.sheet(name)
        header = find_header_row(grid, r"E-?code|DCLG E-?code", source_id=source, sheet=name)
        labels = row_labels(grid, header)
        codes, banner = _column_context(grid, header)
        cols = Columns(labels, source, name)
        year = year or financial_year_in(name) or financial_year_in(clean_label(grid.iat[0, 0]))
        for r in range(header):
            text = clean_label(grid.iat[r, 0])
            if text.lower().startswith("last updated"):
                release = text
        body = grid.iloc[header + 1:].reset_index(drop=True)
        if ident is None:
            ecode = cols.find(r"^E-?code$", what="E-code")
            ons = cols.find(r"^ONS Code$", what="ONS code", required=False)
            klass = cols.find(r"^Class$", what="class")
            cert = cols.find(r"^Certification$", what="certification", required=False)
            ident = pd.DataFrame({
                "ecode": body[ecode].map(clean_label),
                "ons_code": body[ons].map(clean_label) if ons is not None else "",
                "name": body[cols.find(r"^Local authority", what="authority name")].map(clean_label),
                "class": body[klass].map(clean_label),
                "certification": body[cert].map(clean_label) if cert is not None else "",
            })
            ident_keys = list(ident["ecode"])
        elif list(body[cols.find(r"^E-?code$", what="E-code")].map(clean_label)) != ident_keys:
            # Sheets (1), (2) of older files list the same bodies; align by E-code if the order differs.
            keys = body[cols.find(r"^E-?code$", what="E-code")].map(clean_label)
            body = body[~keys.duplicated(keep="first")].set_index(keys[~keys.duplicated(keep="first")])
            body = body.reindex(ident_keys).reset_index(drop=True)
        context = [f"{lab} || {ban}" for lab, ban in zip(labels, banner)]
        for key, line in {**FLOWS, **RESERVES}.items():
            if key in found:
                continue
            idx = None
            if any(codes):
                want = re.compile(rf"^r[sa]-{re.escape(line.code)}$")
                idx = next((i for i, c in enumerate(codes) if want.match(c)), None)
            if idx is None:
                regex = re.compile(line.label, re.I)
                hits = [i for i, lab in enumerate(labels) if regex.search(lab)]
                if key in RESERVES and not hits:
                    # Older forms: "Other earmarked financial reserves level" under a banner naming the date.
                    when = "1 April" if key.endswith("start") else "31 March"
                    kind = "other earmarked" if key.startswith("oth") else "unallocated"
                    hits = [i for i, ctx in enumerate(context)
                            if re.search(rf"^(Estimated )?{kind} financial reserves level", ctx, re.I)
                            and when.lower() in ctx.lower()]
                idx = hits[0] if hits else None
            if idx is not None:
                found[key] = to_number(body[idx], source_id=source, what=f"sheet {name!r} column {labels[idx]!r}",
                                       strict=False)
                labels_used[key] = labels[idx]
    missing = [k for k in ("net_revenue_expenditure", "council_tax_requirement") if k not in found]
    if missing:
        raise LayoutChanged(source, f"sheets {sheets}: no column for {', '.join(missing)} (looked for machine codes "
                                    f"like RS-netrevexp-net-exp and labels like 'NET REVENUE EXPENDITURE')")
    if year is None:
        raise LayoutChanged(source, f"no financial year such as 2023-24 in the sheet names {sheets} or titles")
    frame = ident.assign(**{k: v.to_numpy() for k, v in found.items()})
    frame["period"] = year
    estimated = {k: bool(re.search(r"estimat", labels_used.get(k, ""), re.I)) for k in RESERVES}
    release = f"{'RS' if source == RS else 'RA'} {year}" + (f" ({release})" if release else "")
    return Parsed(source_id=source, frame=frame, release=release,
                  meta={"year": year, "estimated_reserves": estimated, "columns": labels_used})


_CSV_CODES = {**{m: l.code.replace("-", "_") for m, l in FLOWS.items()},
              **{k: l.code.replace("-", "_") for k, l in RESERVES.items()}}


def parse_multi_year_csv(content: bytes) -> Parsed:
    try:
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise BadData(RS, f"the revenue outturn CSV could not be read ({exc})") from exc
    if frame.empty:
        raise BadData(RS, "the revenue outturn CSV has a header but no rows")
    cols = {c.lower(): c for c in frame.columns}

    def column(pattern: str, what: str, required: bool = True) -> str | None:
        for low, orig in cols.items():
            if re.fullmatch(pattern, low):
                return orig
        if required:
            raise LayoutChanged(RS, f"revenue outturn CSV: no {what} column (looked for {pattern!r}); "
                                    f"columns found: {list(frame.columns)[:20]}")
        return None

    year_col = column(r"year_ending|yearending", "year_ending")
    ons = column(r"(la_)?ons_?code|ons|gss_?code", "ONS code", required=False)
    ecode = column(r"e_?code|la_?code", "E-code", required=False)
    if ons is None and ecode is None:
        raise LayoutChanged(RS, f"revenue outturn CSV: no ONS code or E-code column; columns found: {list(frame.columns)[:20]}")
    out = pd.DataFrame({
        "ons_code": frame[ons] if ons else "",
        "ecode": frame[ecode] if ecode else "",
        "name": frame[column(r".*(la_name|authority|name).*", "name", required=False) or year_col],
        "class": frame[column(r"(la_)?class", "class", required=False)] if column(r"(la_)?class", "class", False) else "",
        "certification": "",
    })
    periods = []
    for value in frame[year_col]:
        text = str(value).strip()
        if not re.fullmatch(r"\d{6}", text):
            raise BadData(RS, f"year_ending {value!r} is not like 202503 (March 2025)")
        periods.append(fy_label(int(text[:4]) - 1))
    out["period"] = periods
    for key, code in _CSV_CODES.items():
        name = column(rf"rs_{re.escape(code.lower())}", f"RS_{code}", required=key in ("net_revenue_expenditure",))
        if name:
            out[key] = to_number(frame[name], source_id=RS, what=f"column {name}")
    return Parsed(source_id=RS, frame=out, release="", meta={"estimated_reserves": {}, "multi_year": True})


# --------------------------------------------------------------------------------------------- normalising

def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = parsed.frame.copy()
    source = parsed.source_id
    raw = raw[raw["class"].str.upper() != "O"]
    raw[S.AREA_CODE] = [areas.gss(o, e) for o, e in zip(raw["ons_code"], raw["ecode"])]
    raw = raw.dropna(subset=[S.AREA_CODE])
    raw = raw.drop_duplicates([S.AREA_CODE, "period"], keep="first")
    raw[S.PERIOD] = raw["period"]
    uncertified = raw["certification"].str.upper().eq("N")
    budget = source == RA
    status = S.BUDGET if budget else S.FINAL
    parts = []
    for metric in FLOWS:
        if metric not in raw:
            continue
        part = raw[[S.AREA_CODE, S.PERIOD]].assign(**{S.VALUE: raw[metric] * 1000})
        part[S.NOTES] = np.where(uncertified, "return not certified", "")
        parts.append(tidy(part, metric=metric, unit="gbp", source=source, status=status))
    estimated = parsed.meta.get("estimated_reserves", {})
    if "oth_end" in raw and "una_end" in raw:
        end = raw[[S.AREA_CODE, S.PERIOD]].assign(**{S.VALUE: (raw["oth_end"] + raw["una_end"]) * 1000})
        end[S.STATUS] = S.BUDGET if budget else (S.ESTIMATED if estimated.get("oth_end") else S.FINAL)
        end[S.NOTES] = np.where(uncertified, "return not certified", "")
        parts.append(tidy(end, metric="non_ringfenced_reserves", unit="gbp", source=source))
    if "oth_start" in raw and "una_start" in raw and not budget:
        # A form's 1 April levels are the previous year's closing levels: used only where that year has no figure.
        prev = raw["period"].map(lambda p: fy_label(int(p[:4]) - 1))
        first_april = raw["period"].map(lambda p: f"1 April {p[:4]}")
        start = pd.DataFrame({
            S.AREA_CODE: raw[S.AREA_CODE], S.PERIOD: prev,
            S.VALUE: (raw["oth_start"] + raw["una_start"]) * 1000,
            S.STATUS: S.ESTIMATED,
            S.NOTES: "opening level at " + first_april + " reported on the " + raw["period"] + " RS form",
            FILL_ONLY: True,
        })
        parts.append(tidy(start, metric="non_ringfenced_reserves", unit="gbp", source=source))
    return concat(parts)


SOURCE = Source(name="revenue_outturn", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
