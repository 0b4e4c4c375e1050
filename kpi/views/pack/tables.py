"""The evidence pack's tables: the headline row, each chart's figures, the council-supplied figures, and the
sources and methods appendix."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import POLARITY_NAMES
from kpi.core.formatting import format_value
from kpi.core.provenance import DERIVED, DERIVED_PREFIX, is_upload_source, upload_version
from kpi.model.store import Store
from kpi.views.chart_table import BAND_HEADINGS, BAND_VALUES, HEADINGS
from kpi.views.pack import inputs
from kpi.views.profile import Card

COUNCIL_SUPPLIED = "council-supplied"
HEADLINE_COLUMNS = (
    "Measure",
    "Latest figure (year)",
    "Base year figure",
    "Change since the base year",
    "Comparator median, same year",
    "Benchmark band",
)
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headers: bool = False  # the first cell of each row names the row


@dataclass(frozen=True)
class HeadlineRow:
    key: str
    measure: str
    metric_id: str
    unit_label: str
    card: Card
    median: float
    median_n: int
    band: str
    gap: str  # why there is no figure; "" when there is one

    @property
    def council_supplied(self) -> bool:
        return self.card.council_supplied

    def cells(self) -> tuple[str, ...]:
        c, unit = self.card, self.unit_label
        name = f"{self.measure} ({unit})" if unit else self.measure
        if self.gap:
            return (name, self.gap, "", "", "", "")
        status = f", {c.latest_status}" if c.latest_status else ""
        latest = f"{format_value(c.latest_value, unit)} ({c.latest_period}{status})"
        if c.council_supplied:
            latest += f" – {COUNCIL_SUPPLIED}"
        base = f"{format_value(c.base_value, unit)} ({c.base_period})" if c.base_period != c.latest_period else ""
        change = c.change_amount and f"{c.change_amount} {c.base_note}"
        if change and c.series_break:
            change += "; series break in between"
        median = (
            f"{format_value(self.median, unit)} ({self.median_n} councils, {c.latest_period})"
            if self.median_n
            else "no comparator figures"
        )
        return (name, latest, base, change or "no change to show", median, self.band)


@dataclass(frozen=True)
class Appendix:
    sources: Table
    definitions: Table
    breaks: tuple[str, ...]
    estimates: tuple[str, ...]
    methods: tuple[str, ...]
    attribution: tuple[str, ...]


def _plain(source_id: object) -> str:
    """A source id that can wrap in a narrow column ("derived:a+b" -> "derived: a + b")."""
    return str(source_id).replace(":", ": ", 1).replace("+", " + ") if source_id else ""


def figures_table(view, caption: str) -> Table:
    """The chart's figures as a person reads them: one row per year (and council, where the chart has official
    and council-supplied lines), with the comparators' band."""
    t, unit = view.table, view.unit_label
    named = t["area_name"].nunique() > 1 or t[S.SOURCE_ID].map(is_upload_source).any()  # say council-supplied
    columns = [HEADINGS["area_name"]] if named else []
    columns += [HEADINGS[c] for c in (S.PERIOD, S.VALUE, S.STATUS, S.SOURCE_ID)]
    band = [c for c in BAND_VALUES if c in t]
    columns += list(BAND_HEADINGS.values()) if band else []
    rows = []
    for rec in t.to_dict("records"):
        value = format_value(rec[S.VALUE], unit)
        if pd.isna(rec[S.VALUE]) and rec.get("reason"):
            value += f" ({rec['reason']})"
        row = [str(rec["area_name"])] if named else []
        row += [str(rec[S.PERIOD]), value, str(rec[S.STATUS] or ""), _plain(rec[S.SOURCE_ID])]
        if band:
            n = rec.get("comparators")
            row += [format_value(rec[c], unit) for c in band] + [str(int(n)) if pd.notna(n) else "0"]
        rows.append(tuple(row))
    return Table(caption, tuple(columns), tuple(rows))


def uploads_table(store: Store, sections, area_name: str) -> tuple[Table | None, str]:
    """Which council-supplied figures the pack shows, and who uploaded them when (each upload version)."""
    rows = []
    for section in sections:
        view = section.view
        for _code, _name, frame in view.council_lines if view is not None else ():
            shown = S.with_values(frame)
            for source_id, group in shown.groupby(S.SOURCE_ID):
                notes = "; ".join(dict.fromkeys(n for n in group[S.NOTES].fillna("").astype(str) if n))
                rows.append((section.heading, source_id, sorted(group[S.PERIOD]), notes[:300]))
    if not rows:
        return None, f"The pack shows no council-supplied figures for {area_name}: every figure is official."
    uploads = store.uploads if store.uploads is not None else pd.DataFrame(columns=["version_id"])
    out = []
    for heading, source_id, periods, notes in rows:
        version = upload_version(source_id)
        found = uploads[uploads["version_id"] == version]
        rec = found.iloc[0].to_dict() if len(found) else {}
        years = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]} ({len(periods)} years)"
        who, when = str(rec.get("created_by", "not recorded")), str(rec.get("created_at", ""))[:10]
        file = str(rec.get("file_name", ""))
        out.append((heading, years, str(version), file, who, when or "not recorded", notes))
    columns = ("Measure", "Years", "Upload version", "File", "Uploaded by", "Uploaded on", "Officer's notes")
    text = (
        f"These figures were uploaded by {area_name}'s officers. They are council-supplied, not official "
        "statistics: they are marked as such in every table and chart, and never replace an official figure."
    )
    return Table("Council-supplied figures in this pack", columns, tuple(out)), text


def sources_and_methods(store: Store, specs, sections, used: list[str]) -> Appendix:
    cat = store.catalogue
    bases = inputs.base_sources(store, used)
    if any(str(s).startswith(DERIVED_PREFIX) for s in used) and DERIVED in cat.sources.index:
        bases.append(DERIVED)
    if any(is_upload_source(s) for s in used):
        bases.append("council_supplied")
    bases = [b for b in dict.fromkeys(bases) if b in cat.sources.index]
    src = cat.sources
    columns = ("Source", "Source id", "Publisher", "Release", "Licence", "Retrieved")
    fields = ("title", "source_id", "publisher", "release", "licence", "retrieved")
    rows = tuple(tuple(str(src.at[b, f]) for f in fields) for b in bases)
    metrics = [cat.metric(m) for m in dict.fromkeys(s.metric_id for s in specs)]
    definitions = tuple(
        (f"{m.title} ({POLARITY_NAMES.get(m.polarity, m.polarity).lower()})", m.definition, m.caveats or "none")
        for m in metrics
    )
    return Appendix(
        sources=Table("Sources of the figures in this pack", columns, rows, row_headers=True),
        definitions=Table("Definitions and caveats", ("Measure", "Definition", "Caveats"), definitions, True),
        breaks=tuple(_breaks(sections)),
        estimates=tuple(_estimates(sections)),
        methods=METHODS,
        attribution=(OGL, *dict.fromkeys(str(src.at[b, "attribution"]) for b in bases if src.at[b, "attribution"])),
    )


def _own(section):
    view = section.view
    if view is None or section.chart is None:
        return None
    return next((f for c, _n, f in view.lines if c == view.request.area_code), None)


def _breaks(sections):
    for section in sections:
        own = _own(section)
        if own is not None and own["break_before"].astype(bool).any():
            years = ", ".join(own.loc[own["break_before"].astype(bool), S.PERIOD])
            yield (
                f"{section.heading}: the source or definition changes in {years} (marked “series break” on the "
                "chart); read a change across it as indicative."
            )


def _estimates(sections):
    for section in sections:
        own = _own(section)
        if own is None:
            continue
        marked = own[own[S.STATUS].fillna("") != ""]
        for status, group in marked.groupby(S.STATUS):
            yield f"{section.heading}: {', '.join(group[S.PERIOD])} {status} (open markers, dotted line)."


METHODS = (
    "Years are English local government financial years (1 April to 31 March). A mid-year population estimate "
    "for mid-YYYY is shown against the year starting in YYYY; stocks (reserves, debt) are at 31 March, the end "
    "of the year; flows (spending, council tax, spending power) belong to their own year.",
    "Real terms use the ONS GDP deflator (YBGB), each financial year the mean of its four quarters, in the prices "
    "named in the measure's units. Per head divides by the same council's population for the same year. A missing "
    "input gives a gap with its reason, never a figure from another year.",
    "Comparator medians, quartiles and bands use the councils of the group named on the first page that have a "
    "figure for the same year and that the measure applies to. The benchmark band compares the council with the "
    "comparators' median in median absolute deviations (MAD): within 0.5 broadly similar, 0.5 to 1.5 slightly "
    "better or worse, 1.5 to 3 better or worse, over 3 much better or worse, using the measure's direction; "
    "measures with no direction are context only. There are no ranks or league tables.",
    "Where several sources give the same figure, the official source of highest priority is shown. A change of "
    "source or definition between two years is a series break. Estimated, budget and forecast figures are named "
    "in the tables' Status column and drawn with open markers and dotted lines.",
    "Council-supplied figures were uploaded by council officers through the dashboard. They are not official "
    "statistics, are marked council-supplied wherever they appear, and are not used in comparator figures.",
)
