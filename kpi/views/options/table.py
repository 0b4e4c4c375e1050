"""The table of a row per proposed council: what `python -m kpi options` prints, the page's "Download all (CSV)" and
the pack's summary hold. Each measure has its value, year, status, source (the release of its year), how it was added
up or why it is missing, and whether its year is behind; then the council tax harmonisation and the option's
findings."""

from __future__ import annotations

import pandas as pd

from kpi.calc.options.council_tax import TARGETS
from kpi.calc.options.model import Finding, OptionSet

GUIDE_COLUMN = "population_minus_500k_guide"
TAX_COLUMNS = {
    "period": "band_d_year",
    "lowest": "band_d_lowest",
    "average": "band_d_tax_base_weighted_average",
    "highest": "band_d_highest",
    "spread": "band_d_spread",
    **{f"to_{t}": f"harmonise_to_{t}_gbp_a_year" for t in TARGETS},
    "reason": "band_d_notes",
}


def _measure_columns(block) -> pd.DataFrame:
    m = block.metric_id
    t = block.table
    out = pd.DataFrame(
        {
            m: t["value"],
            f"{m}_year": t["period"],
            f"{m}_status": t["status"],
            f"{m}_source": t["source"],
            f"{m}_notes": t["notes"].where(t["reason"] == "", t["reason"]),
            f"{m}_older_figures": "true" if block.behind else "false",
        }
    )
    if block.guide:
        out[GUIDE_COLUMN] = t["value"] - block.guide
    return out


def wide_table(store, options: OptionSet, measures: tuple, tax: tuple, found: tuple[Finding, ...]) -> pd.DataFrame:
    """A row per proposed council, in the options' order."""
    name = store.catalogue.area_name
    rows = pd.DataFrame(
        [
            (o.name, p.name, ";".join(p.codes), "; ".join(_part(name, part) for part in p.parts))
            for o, p in options.proposed
        ],
        columns=["option", "proposed_council", "councils", "council_names"],
    )
    frames = [rows, *(_measure_columns(b) for b in measures)]
    sums = pd.concat([b.sums for b in tax], ignore_index=True) if tax else pd.DataFrame(columns=list(TAX_COLUMNS))
    frames.append(sums[list(TAX_COLUMNS)].rename(columns=TAX_COLUMNS).reset_index(drop=True))
    parts = {
        (b.option, p): "; ".join(f"{c} {v:.2f}" for c, v in zip(g["council"], g["band_d"]))
        for b in tax
        for p, g in b.parts.groupby("proposed_council", sort=False)
    }
    out = pd.concat(frames, axis=1)
    out.insert(
        out.columns.get_loc("band_d_notes"),
        "band_d_parts",
        [parts.get(k, "") for k in zip(out["option"], out["proposed_council"])],
    )
    said = {o.name: " ".join(f.text for f in found if f.option == o.name) for o in options.options}
    out["findings"] = out["option"].map(said)
    return out


def _part(name, part) -> str:
    return name(part.code) + (f" ({part.share:g}%)" if part.share is not None else "")
