"""The ONS statistical nearest neighbours (2025) as the comparators read them: each council's neighbours in rank
order in the model that matches its class (upper tier for single-tier councils and counties, lower tier for
districts), and whether the model has a row for a council at all (a council formed after it was published has none).
"""

from __future__ import annotations

from kpi.core.functions import SHIRE_DISTRICT
from kpi.model.store import MemoKey, Store


def neighbour_lists(store: Store) -> tuple[dict, dict]:
    """Each (model, council)'s known neighbours in rank order as (code, rank), and each council's first model in
    the table: worked out once per store."""

    def build() -> tuple[dict, dict]:
        nn, known = store.neighbours, set(store.catalogue.areas.index)
        listed: dict[tuple[str, str], list] = {}
        first: dict[str, str] = {}
        for tier, area, rank, code in zip(nn["tier"], nn["area_code"], nn["rank"], nn["neighbour_code"]):
            first.setdefault(str(area), str(tier))
            listed.setdefault((str(tier), str(area)), []).append((int(rank), str(code)))
        ranked = {k: [(c, r) for r, c in sorted(v, key=lambda rc: rc[0]) if c in known] for k, v in listed.items()}
        return ranked, first

    return store.memo(MemoKey.neighbours(), build)


def nearest(store: Store, area_code: str, area_class: str) -> tuple[list[str], dict[str, int], str]:
    ranked, first = neighbour_lists(store)
    model = "lower_tier" if area_class == SHIRE_DISTRICT else "upper_tier"
    if (model, area_code) not in ranked:  # a council only one model covers
        model = first.get(area_code, "")
    known = ranked.get((model, area_code), [])
    return [c for c, _ in known], dict(known), model


def modelled(store: Store, area_code: str) -> bool:
    """Whether either ONS model has a row for the council."""
    return area_code in neighbour_lists(store)[1]
