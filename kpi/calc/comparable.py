"""Which councils' figures may be set side by side: councils with the same functions (kpi.core.functions), or, for a
measure that declares itself comparable across classes, every council it applies to. Comparator groups keep only
these (kpi.calc.comparators), and so do the councils a trend draws as lines of their own."""

from __future__ import annotations

from kpi.model.store import MemoKey, Store


def comparable(store: Store, area_code: str, metric_id: str | None = None) -> frozenset[str]:
    """The other councils that may be drawn beside the council as lines of their own: those of its class of functions
    (of any class, for a measure comparable across classes) and, given a measure, those it applies to."""
    cat = store.catalogue
    metric = cat.metric(metric_id) if metric_id else None
    own = "*" if metric and metric.comparable_across_classes else cat.area_class(area_code)

    def build() -> frozenset[str]:
        types = cat.area_types
        return frozenset(
            c
            for c, kind in cat.area_classes.items()
            if own in ("*", kind) and (metric is None or metric.applies(types.get(c, "")))
        )

    return store.memo(MemoKey.lines(own, metric.applies_to if metric else None), build) - {area_code}


def not_comparable_note(store: Store, area_code: str, left_out, metric_id: str | None = None) -> str:
    """Why councils asked for as lines were not drawn (empty if none were left out)."""
    cat = store.catalogue
    own, across = cat.area_class(area_code), bool(metric_id and cat.metric(metric_id).comparable_across_classes)
    other = [c for c in left_out if not across and cat.area_class(c) != own]
    names = ", ".join(cat.area_name(c) for c in other)
    parts = [f"{names} (functions other than {cat.area_name(area_code)}'s)"] if other else []
    parts += [f"{cat.area_name(c)} (the measure does not apply)" for c in left_out if c not in other]
    return f"Not drawn as lines, as their figures are not comparable: {'; '.join(parts)}." if parts else ""
