"""Every official source, listed once: one module each, each declaring one Source (loaders/source.py).

SOURCES is also the order `import` tries them in: the first whose sniff accepts a file names its source id.
Addresses are kept apart, in loaders/registry.py.
"""

from __future__ import annotations

from loaders.errors import LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.sources import (
    borrowing,
    core_spending_power,
    council_tax,
    nearest_neighbours,
    ons_gdp_deflator,
    ons_population,
    qpses,
    revenue_outturn,
)

SOURCES: tuple[Source, ...] = (
    revenue_outturn.SOURCE,
    council_tax.SOURCE,
    borrowing.SOURCE,
    ons_population.SOURCE,
    core_spending_power.SOURCE,
    qpses.SOURCE,
    ons_gdp_deflator.SOURCE,
    nearest_neighbours.SOURCE,
)
BY_ID = {source_id: source for source in SOURCES for source_id in source.ids}


def source_for(source_id: str) -> Source:
    if source_id not in BY_ID:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(BY_ID)}")
    return BY_ID[source_id]


def recognise(content: bytes, filename: str) -> str:
    """The source id of a file, from its content; LayoutChanged giving each source's reason otherwise."""
    reasons = []
    for source in SOURCES:
        try:
            return source.sniff(content, filename)
        except NotThisSource as exc:
            reasons.append(f"{source.name}: {exc.message}")
    raise LayoutChanged("import", f"{filename or 'the file'} is not a known release. Looked for: " + "; ".join(reasons))
