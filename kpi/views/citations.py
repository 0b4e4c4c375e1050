"""Citations: what every figure carries wherever it travels (chart note, CSV header, image, pack).

A figure is dated by its latest period and the release that period comes from ("Latest figures 2020-21 (final
local government finance settlement 2020-21)"), never by when it was downloaded: the retrieval date follows as
"Retrieved ...". The release of one year's figures comes from the `period_release` template in data/sources.csv
(`{period}`, `{start}` and `{end}` filled in), or the source's whole `release` where it has none. Derived ratios
name the sources of their inputs, reorganised councils' figures before vesting day say that their predecessors'
figures were combined, council-supplied figures their upload.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core import schema as S
from kpi.core.periods import FinancialYear
from kpi.core.provenance import COMBINED, derived_inputs, is_combined, is_upload_source, upload_version
from kpi.core.safecsv import header_lines
from kpi.model.store import Store


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


class Exported:
    """A view whose title, subtitle and source note are those its downloads carry, held once (in `export`)."""

    export: ExportText

    @property
    def title(self) -> str:
        return self.export.title

    @property
    def subtitle(self) -> str:
        return self.export.subtitle

    @property
    def source_note(self) -> str:
        return self.export.source_note


def _base_sources(store: Store, source_ids: list[str] | tuple[str, ...]) -> list[str]:
    bases: list[str] = []
    for sid in source_ids:
        bases.extend(derived_inputs(sid) or [store.catalogue.source_base(sid)])
    return [b for b in dict.fromkeys(b for b in bases if b) if b in store.catalogue.source_records]


def licences(store: Store, source_ids: list[str] | tuple[str, ...]) -> str:
    """The licences of the sources behind a figure, e.g. "OGL v3.0"."""
    rows = store.catalogue.source_records
    return ", ".join(dict.fromkeys(str(rows[b]["licence"]) for b in _base_sources(store, source_ids)))


def retrieved(store: Store, source_ids: list[str] | tuple[str, ...]) -> str:
    """The latest retrieval date of the sources behind a figure (when it was fetched, not how current it is)."""
    rows = store.catalogue.source_records
    dates = [str(rows[b]["retrieved"]) for b in _base_sources(store, source_ids)]
    return max(dates) if dates else ""


def period_release(store: Store, source_id: str, period: str) -> str:
    """The release one year's figure comes from: "final local government finance settlement 2020-21"."""
    cat = store.catalogue
    if is_upload_source(source_id):
        return f"council-supplied, upload version {upload_version(source_id)}"
    if inputs := derived_inputs(source_id):
        return "; ".join(dict.fromkeys(period_release(store, s, period) for s in inputs))
    base = cat.source_base(source_id)
    if base not in cat.source_records:
        return ""
    row = cat.source_records[base]
    template = str(row.get("period_release", "") or "")
    if template:
        year = FinancialYear.parse(period)
        return template.format(period=period, start=year.start_year, end=year.start_year + 1)
    release = str(row["release"])
    return f"{row['short_title']}, {release}" if release else str(row["short_title"])


def latest_line(store: Store, frame, *, label: str = "Latest figures") -> str:
    """ "Latest figures 2020-21 (final local government finance settlement 2020-21)": the latest period with a
    value in `frame` (period, value, source_id) and the releases its figures come from; "" without values."""
    if not len(frame):
        return ""
    rows = [
        (period, source)
        for period, source, value in zip(frame[S.PERIOD].tolist(), frame[S.SOURCE_ID].tolist(), frame[S.VALUE].tolist())
        if value == value  # not NaN
    ]
    if not rows:
        return ""
    period = max(period for period, _ in rows)
    return latest_line_of(store, str(period), [str(s) for p, s in rows if p == period], label=label)


def latest_line_of(store: Store, period: str, source_ids, *, label: str = "Latest figures") -> str:
    """latest_line for the latest period and the source ids of its figures."""
    releases = [r for r in dict.fromkeys(period_release(store, s, period) for s in sorted(set(source_ids))) if r]
    return f"{label} {period}" + (f" ({'; '.join(releases)})" if releases else "")


def source_note(store: Store, source_ids: list[str], *, latest: str = "") -> str:
    """ "Latest figures ... . Source: ..., release: ... (OGL v3.0). Retrieved 2026-11-21." """
    rows = store.catalogue.source_records
    bases = _base_sources(store, source_ids)
    names = []
    for b in bases:
        name, release = str(rows[b]["short_title"]), str(rows[b]["release"])
        # Which release the figures come from (refresh and import update it); council-supplied figures carry
        # their upload's provenance instead.
        official = str(rows[b]["kind"]) != "council"
        names.append(f"{name}, release: {release}" if official and release else name)
    if COMBINED in rows and any(is_combined(s) for s in source_ids):
        names.append(str(rows[COMBINED]["short_title"]))  # "predecessor councils' figures combined ..."
    note = (f"{latest}. " if latest else "") + f"Source: {'; '.join(names) or 'none'}"
    if lic := licences(store, source_ids):
        note += f" ({lic})"
    if when := retrieved(store, source_ids):
        note += f". Retrieved {when}"
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
