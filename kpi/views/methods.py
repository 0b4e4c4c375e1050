"""Tables for the Data and methods page: coverage of every measure, the history of reorganisations and the councils
structural changes orders create."""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import AREA_TYPE_NAMES, POLARITY_NAMES, UNIT_NAMES, Catalogue
from kpi.core.codes import is_provisional
from kpi.core.provenance import derived_inputs
from kpi.core.successors import long_date
from kpi.model.store import Store


def coverage(store: Store) -> pd.DataFrame:
    """Per measure: how many councils have a figure, the first and last year, and how many years in between."""
    best = S.with_values(store.best)
    grouped = best.groupby(S.METRIC_ID)
    out = pd.DataFrame(
        {
            "councils": grouped[S.AREA_CODE].nunique(),
            "first_year": grouped[S.PERIOD].min(),
            "last_year": grouped[S.PERIOD].max(),
            "years_with_data": grouped[S.PERIOD].nunique(),
            "figures": grouped.size(),
        }
    )
    metrics = store.catalogue.metrics_table.set_index("metric_id")
    out = out.reindex(metrics.index)
    out.insert(0, "title", metrics["title"])
    out["councils"] = out["councils"].fillna(0).astype(int)
    out["figures"] = out["figures"].fillna(0).astype(int)
    out["years_with_data"] = out["years_with_data"].fillna(0).astype(int)
    out[["first_year", "last_year"]] = out[["first_year", "last_year"]].fillna("none bundled")
    return out.reset_index().rename(columns={"index": "metric_id"})


def reorganisations(catalogue: Catalogue) -> pd.DataFrame:
    """Every council abolished since April 2010, with the date and the council(s) that took over."""
    areas = catalogue.areas
    gone = areas[~areas["current"]].sort_values(["end_date", "area_name"])
    rows = []
    for rec in gone.to_dict("records"):
        successors = [c for c in str(rec["successor_codes"]).split(";") if c]
        rows.append(
            {
                "abolished_council": rec["area_name"],
                "area_code": rec["area_code"],
                "type": AREA_TYPE_NAMES.get(rec["area_type"], rec["area_type"]),
                "ended": rec["end_date"],
                "succeeded_by": "; ".join(f"{catalogue.area_name(c)} ({c})" for c in successors) or "not recorded",
            }
        )
    return pd.DataFrame(rows, columns=["abolished_council", "area_code", "type", "ended", "succeeded_by"])


def orders(catalogue: Catalogue) -> pd.DataFrame:
    """Every council declared in reorganisations.csv: its code (provisional ones marked), when it takes over, its
    predecessors, how a shared county is shared, and the order that makes it."""
    rows = []
    for found in catalogue.successors.values():
        shares = {c: "by population" if v is None else f"{v:g}% as stated" for c, v in found.shares}
        rows.append(
            {
                "council": found.name,
                "area_code": found.code + (" (provisional)" if is_provisional(found.code) else ""),
                "takes_over": long_date(found.vesting),
                "status": catalogue.status_label(found.code) or "in force",
                "predecessors": "; ".join(
                    catalogue.area_name(c) + (f" (shared {shares[c]})" if c in shares else "")
                    for c in found.predecessors
                ),
                "order": found.order,
            }
        )
    return pd.DataFrame(rows, columns=["council", "area_code", "takes_over", "status", "predecessors", "order"])


def metric_sources(store: Store) -> pd.DataFrame:
    """Per measure: its sources' names, licences and releases (vintages), for the measures table."""
    cat = store.catalogue
    rows = {}
    for metric in cat.metrics.values():
        ids = [s for s in metric.source_ids if s in cat.sources.index]
        if metric.source_ids == ("derived",):
            ids = sorted(
                {
                    s
                    for sid in store.best.loc[store.best[S.METRIC_ID] == metric.metric_id, S.SOURCE_ID].unique()
                    for s in derived_inputs(sid)
                    if s in cat.sources.index
                }
            )
        rows[metric.metric_id] = {
            "source": "; ".join(str(cat.sources.at[s, "short_title"]) for s in ids) or metric.supplied_by,
            "licence": "; ".join(dict.fromkeys(str(cat.sources.at[s, "licence"]) for s in ids)),
            "release": "; ".join(str(cat.sources.at[s, "release"]) for s in ids),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


MEASURE_COLUMNS = [
    "metric_id",
    "title",
    "unit",
    "polarity",
    "definition",
    "caveats",
    "applies_to",
    "compared_with",
    "additive",
    "source_ids",
    "source",
    "licence",
    "release",
]
SOURCE_COLUMNS = [
    "source_id",
    "title",
    "publisher",
    "licence",
    "release",
    "period_release",
    "retrieved",
    "compiled_from",
]


def measures_table(store: Store) -> pd.DataFrame:
    """Every measure in words: unit, direction, definition, caveats, which councils it applies to, its sources."""
    metrics = store.catalogue.metrics_table.copy()
    metrics["unit"] = metrics["unit"].map(UNIT_NAMES)
    metrics["polarity"] = metrics["polarity"].map(POLARITY_NAMES)
    metrics = metrics.join(metric_sources(store), on="metric_id")
    metrics["applies_to"] = metrics["applies_to"].map(
        lambda s: ", ".join(AREA_TYPE_NAMES.get(t, t) for t in s.split(";") if t)
    )
    across = metrics["metric_id"].map(lambda m: store.catalogue.metric(m).comparable_across_classes)
    metrics["compared_with"] = across.map(
        {True: "councils of every class it applies to", False: "councils of the same class of functions"}
    )
    return metrics[MEASURE_COLUMNS]


def sources_table(store: Store) -> pd.DataFrame:
    return store.catalogue.sources.reset_index(drop=True)[SOURCE_COLUMNS]


UNAVAILABLE_NAMES = {
    "measure": "Measure",
    "reason": "Why it is not built",
    "refresh_release": "Release a refresh would use",
}


def unavailable_table(catalogue: Catalogue) -> pd.DataFrame:
    """Measures the former Oflog explorer had that the bundled files cannot give (data/unavailable_measures.csv)."""
    return catalogue.unavailable.reset_index(drop=True).rename(columns=UNAVAILABLE_NAMES)
