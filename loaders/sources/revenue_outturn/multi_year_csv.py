"""The RO multi-year CSV (2017-18 on): the RS form's lines as columns such as `RS_netrevexp_net_exp`, one row per
council and year, the year as `year_ending` like 202503. The codes are the workbook's, with underscores.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from kpi.core.periods import fy_label
from loaders.base import Parsed
from loaders.errors import BadData, LayoutChanged
from loaders.sources.revenue_outturn.workbook import FLOWS, RESERVES, RS
from loaders.tables import to_number

_CSV_CODES = {
    **{m: line.code.replace("-", "_") for m, line in FLOWS.items()},
    **{k: line.code.replace("-", "_") for k, line in RESERVES.items()},
}


def parse_multi_year_csv(content: bytes) -> Parsed:
    """Every year the CSV holds, each row's year from year_ending (202503 = 2024-25)."""
    try:
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise BadData(RS, f"the revenue outturn CSV could not be read ({exc})") from exc
    if frame.empty:
        raise BadData(RS, "the revenue outturn CSV has a header but no rows")
    year_col = _column(frame, r"year_ending|yearending", "year_ending")
    ons = _column(frame, r"(la_)?ons_?code|ons|gss_?code", "ONS code", required=False)
    ecode = _column(frame, r"e_?code|la_?code", "E-code", required=False)
    if ons is None and ecode is None:
        raise LayoutChanged(
            RS, f"revenue outturn CSV: no ONS code or E-code column; columns found: {list(frame.columns)[:20]}"
        )
    klass = _column(frame, r"(la_)?class", "class", required=False)
    out = pd.DataFrame(
        {
            "ons_code": frame[ons] if ons else "",
            "ecode": frame[ecode] if ecode else "",
            "name": frame[_column(frame, r".*(la_name|authority|name).*", "name", required=False) or year_col],
            "class": frame[klass] if klass else "",
            "certification": "",
        }
    )
    out["period"] = [_period(value) for value in frame[year_col]]
    for key, code in _CSV_CODES.items():
        name = _column(
            frame, rf"rs_{re.escape(code.lower())}", f"RS_{code}", required=key in ("net_revenue_expenditure",)
        )
        if name:
            out[key] = to_number(frame[name], source_id=RS, what=f"column {name}")
    return Parsed(source_id=RS, frame=out, release="", meta={"estimated_reserves": {}, "multi_year": True})


def _column(frame: pd.DataFrame, pattern: str, what: str, required: bool = True) -> str | None:
    """The column whose lower-case name matches the whole pattern."""
    for low, name in {c.lower(): c for c in frame.columns}.items():
        if re.fullmatch(pattern, low):
            return name
    if required:
        raise LayoutChanged(
            RS,
            f"revenue outturn CSV: no {what} column (looked for {pattern!r}); "
            f"columns found: {list(frame.columns)[:20]}",
        )
    return None


def _period(year_ending: object) -> str:
    text = str(year_ending).strip()
    if not re.fullmatch(r"\d{6}", text):
        raise BadData(RS, f"year_ending {year_ending!r} is not like 202503 (March 2025)")
    return fy_label(int(text[:4]) - 1)
