"""Citations: what every figure carries wherever it travels (chart note, CSV header, image, pack).

The sources behind a figure, their releases and licences, and when they were retrieved, named from the source
catalogue; derived ratios name the sources of their inputs, reorganised councils' figures before vesting day say that
their predecessors' figures were combined, council-supplied figures their upload.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core import schema as S
from kpi.core.provenance import COMBINED, derived_inputs, is_combined
from kpi.core.safecsv import header_lines
from kpi.data.store import Store


@dataclass(frozen=True)
class ExportText:
    """The title, units, source, licence and retrieval date every download of a view carries."""

    title: str
    subtitle: str
    source_note: str
    licence: str
    retrieved: str

    def lines(self) -> list[str]:
        """The header lines of the view's CSV download."""
        return header_lines(
            title=self.title,
            subtitle=self.subtitle,
            source_note=self.source_note,
            licence=self.licence,
            retrieved=self.retrieved,
        )


def _base_sources(store: Store, source_ids: list[str] | tuple[str, ...]) -> list[str]:
    bases: list[str] = []
    for sid in source_ids:
        bases.extend(derived_inputs(sid) or [store.catalogue.source_base(sid)])
    return [b for b in dict.fromkeys(b for b in bases if b) if b in store.catalogue.sources.index]


def licences(store: Store, source_ids: list[str] | tuple[str, ...]) -> str:
    """The licences of the sources behind a figure, e.g. "OGL v3.0"."""
    cat = store.catalogue
    return ", ".join(dict.fromkeys(str(cat.sources.at[b, "licence"]) for b in _base_sources(store, source_ids)))


def retrieved(store: Store, source_ids: list[str] | tuple[str, ...]) -> str:
    """The latest retrieval date of the sources behind a figure (the "data as of" date)."""
    cat = store.catalogue
    dates = [str(cat.sources.at[b, "retrieved"]) for b in _base_sources(store, source_ids)]
    return max(dates) if dates else ""


def source_note(store: Store, source_ids: list[str]) -> str:
    cat = store.catalogue
    bases = _base_sources(store, source_ids)
    names = []
    for b in bases:
        name, release = str(cat.sources.at[b, "short_title"]), str(cat.sources.at[b, "release"])
        # Which release the figures come from (refresh and import update it); council-supplied figures carry
        # their upload's provenance instead.
        official = str(cat.sources.at[b, "kind"]) != "council"
        names.append(f"{name}, release: {release}" if official and release else name)
    if COMBINED in cat.sources.index and any(is_combined(s) for s in source_ids):
        names.append(str(cat.sources.at[COMBINED, "short_title"]))  # "predecessor councils' figures combined ..."
    note = f"Source: {'; '.join(names) or 'none'}"
    if lic := licences(store, source_ids):
        note += f" ({lic})"
    if when := retrieved(store, source_ids):
        note += f". Data as of {when}"
    return note + "."


def export_text(
    store: Store, *, title: str, subtitle: str, sources: list[str] | tuple[str, ...], note: str | None = None
) -> ExportText:
    """The export text of a view whose figures come from `sources` (its source note unless `note` is given)."""
    return ExportText(
        title=title,
        subtitle=subtitle,
        source_note=note or source_note(store, list(sources)),
        licence=licences(store, sources),
        retrieved=retrieved(store, sources),
    )


DEFLATOR_SOURCE = "ons_gdp_deflator_ybgb"


def sources_behind(store: Store, source_ids, *, per_head_of=(), real: bool = False, year: str | None = None) -> list:
    """The source ids a figure rests on: its own, the population it was divided by (per head, for `year` or every
    year) and the GDP deflator (real terms)."""
    used = list(source_ids)
    if per_head_of:
        pop = store.series("population", list(per_head_of))
        if year is not None:
            pop = pop[pop[S.PERIOD] == year]
        used += sorted(pop[S.SOURCE_ID].unique().tolist())
    if real:
        used.append(DEFLATOR_SOURCE)
    return used
