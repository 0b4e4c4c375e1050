"""Small multiples: several measures for one council, one panel each, with one table, summary and citation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.comparators import ComparatorGroup
from kpi.calc.measures import REAL
from kpi.calc.toggles import Toggles
from kpi.model.store import Store
from kpi.views.citations import Exported, ExportText, export_text, latest_line, source_note
from kpi.views.trend import TrendRequest, TrendView, trend_view

SUBTITLE = "Each measure in its own units (see the unit column)"


def multiples_requests(
    store: Store,
    area_code: str,
    metric_ids: tuple[str, ...],
    *,
    prices: str,
    base: str,
    per_head: bool,
    index: str,
    cmp: str | ComparatorGroup,
) -> tuple[TrendRequest, ...]:
    """One trend request per small-multiple panel, with each toggle applied only where the measure can take it."""
    out = []
    for metric_id in metric_ids:
        taken, by_head = Toggles.of(store.catalogue.metric(metric_id)).fit(prices, per_head)
        out.append(
            TrendRequest(
                area_code=area_code,
                metric_id=metric_id,
                prices=taken,
                base_year=(base or None) if taken == REAL else None,
                per_head=by_head,
                index_to=index if index and index in store.periods(metric_id) else None,
                comparator_group=cmp,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class MultiplesView(Exported):
    """Several measures for one council, one panel each, with one table and one summary."""

    views: tuple[TrendView, ...]
    area_name: str
    table: pd.DataFrame
    summary: str
    sources: tuple[str, ...]
    export: ExportText  # the title, subtitle and source note, as its downloads carry them

    # Each measure in its own units (the table's unit column), so none to read the table in; no caveats of its own.
    unit_label = property(lambda self: "")
    caveats = property(lambda self: "")


def multiples_view(store: Store, requests: tuple[TrendRequest, ...]) -> MultiplesView:
    views = tuple(trend_view(store, r) for r in requests)
    sources = tuple(dict.fromkeys(s for v in views for s in v.sources))
    table = pd.concat(
        [v.table.assign(measure=v.title.rsplit(":", 1)[0], unit=v.unit_label) for v in views], ignore_index=True
    )
    area = requests[0].area_code if requests else ""
    name = store.catalogue.area_name(area)
    latest = [latest_line(store, v.table, label=v.title.rsplit(":", 1)[0]) for v in views]
    latest_text = "Latest figures: " + "; ".join(t for t in latest if t) if any(latest) else ""
    note = source_note(store, list(sources), latest=latest_text)
    return MultiplesView(
        views=views,
        area_name=name,
        table=table,
        summary=" ".join(v.summary for v in views),
        sources=sources,
        export=export_text(
            store, title=f"{len(views)} measures over time: {name}", subtitle=SUBTITLE, sources=sources, note=note
        ),
    )
