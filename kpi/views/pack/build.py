"""The evidence pack: what a committee report's appendix on a council holds, as one description.

A title block, the headline table, the profile's paragraph, a section per measure (chart request, alt text,
one-line summary, the figures as a table, actions linked to it), the action plan, the council-supplied figures
and the sources and methods. Word and PDF are both written from this one description (the `reports` package);
nothing here draws or formats a file. The explore views are reached through kpi.views.pack.inputs only; reorganisation
options, when the request has some, make a section of their own (kpi.views.pack.options).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kpi.calc.comparators import NEAREST, ComparatorGroup
from kpi.calc.options.model import OptionSet
from kpi.core.catalogue import AREA_TYPE_NAMES
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.periods import FinancialYear
from kpi.model.store import Store
from kpi.views.pack import inputs
from kpi.views.pack import plan as pack_plan
from kpi.views.pack import tables as pack_tables
from kpi.views.pack.options import OptionsPart, options_part
from kpi.views.pack.plan import PlanInput, PlanPart
from kpi.views.pack.tables import HEADLINE_COLUMNS, Appendix, HeadlineRow, Table
from kpi.views.profile import Card, CardSpec
from kpi.views.trend import TrendRequest, TrendView


class PackError(ValueError):
    """A pack that cannot be made as asked (too many measures, an end year before the base year)."""


@dataclass(frozen=True)
class PackRequest:
    area_code: str
    since: str = DEFAULT_BASE_YEAR  # base year of "change since"
    to: str | None = None  # end year; None: each measure's latest year
    group: str | ComparatorGroup = NEAREST  # a kind, or a named custom group
    measures: tuple[str, ...] = ()  # card keys or metric ids; (): the profile's cards
    as_of: dt.date | None = None  # overdue actions as of this date; None: the day the pack is made
    options: OptionSet | None = None  # reorganisation options: a section of their own when given


@dataclass(frozen=True)
class TitleBlock:
    title: str
    council: str
    facts: tuple[tuple[str, str], ...]  # ("Council", "Barking and Dagenham (E09000002), ..."), ("Period", ...)


@dataclass(frozen=True)
class MeasureSection:
    key: str
    heading: str
    chart: TrendRequest | None  # the Trends page's chart of this measure; None where there is nothing to draw
    alt_text: str
    caption: str
    summary: str
    source_note: str
    caveats: str
    table: Table | None
    actions: Table | None
    gap: str  # why the measure has no figures in the pack's years; "" when it has
    view: TrendView | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Pack:
    request: PackRequest
    title: TitleBlock
    headline: tuple[HeadlineRow, ...]
    narrative: tuple[str, ...]
    narrative_note: str
    sections: tuple[MeasureSection, ...]
    plan: PlanPart | None
    plan_text: str
    uploads: Table | None
    uploads_text: str
    appendix: Appendix
    options: OptionsPart | None = None

    @property
    def area_name(self) -> str:
        return self.title.council

    def headline_table(self) -> Table:
        return Table(
            f"Headline figures for {self.area_name}",
            HEADLINE_COLUMNS,
            tuple(r.cells() for r in self.headline),
            row_headers=True,
        )

    def charts(self) -> tuple[MeasureSection, ...]:
        """The sections with a chart to draw, in order."""
        return tuple(s for s in self.sections if s.chart is not None)


Progress = Callable[[int, int, str], None]


def check(store: Store, request: PackRequest) -> tuple[str, tuple[CardSpec, ...], dict[str, Card]]:
    """The council's code, the measures and the profile's cards, or an error that says what is wrong."""
    area = store.catalogue.resolve_area(request.area_code)
    FinancialYear.parse(request.since)
    if request.to is not None and FinancialYear.parse(request.to) < FinancialYear.parse(request.since):
        raise PackError(f"the end year {request.to} is before the base year {request.since}")
    cards = inputs.profile_cards(store, area, since=request.since, to=request.to)
    keys = request.measures or tuple(cards)
    if len(keys) > inputs.MAX_MEASURES:
        raise PackError(f"a pack holds up to {inputs.MAX_MEASURES} measures, not {len(keys)}")
    specs = tuple(dict.fromkeys(inputs.resolve_measure(store, k) for k in keys))
    return area, specs, cards


def build_pack(
    store: Store,
    request: PackRequest,
    *,
    made: dt.datetime,
    plan: PlanInput | None = None,
    progress: Progress | None = None,
) -> Pack:
    area, specs, cards = check(store, request)
    since, to, group = request.since, request.to, ComparatorGroup.of(request.group)
    name = store.catalogue.area_name(area)
    rows, sections, used = [], [], list(inputs.narrative_sources(store, area, group=group))
    for i, spec in enumerate(specs, 1):
        if progress:
            progress(i - 1, len(specs), f"Gathering the figures: {spec.label}")
        card = inputs.headline_card(store, spec, area, since=since, to=to, known=cards.get(spec.key))
        view = inputs.trend_between(store, spec, area, group=group, since=since, to=to)
        rows.append(_headline_row(store, spec, area, card, view, group))
        sections.append(_section(store, spec, name, view, plan, since=since, to=to))
        used += [*card.sources, *view.sources]
        used += inputs.comparator_sources(store, spec, area, group=group, periods=view.periods)
    options = options_part(store, request.options) if request.options and request.options.options else None
    used += options.view.sources if options else ()
    as_of = request.as_of or made.date()
    plan_part, plan_text = pack_plan.plan_part(plan, name, as_of)
    uploads, uploads_text = pack_tables.uploads_table(store, sections, name)
    return Pack(
        request=request,
        title=_title(store, area, request, rows, made, as_of, plan is not None),
        headline=tuple(rows),
        narrative=inputs.paragraph(store, area, since=since, to=to, group=group),
        narrative_note=inputs.paragraph_note(),
        sections=tuple(sections),
        plan=plan_part,
        plan_text=plan_text,
        uploads=uploads,
        uploads_text=uploads_text,
        appendix=pack_tables.sources_and_methods(store, specs, sections, used),
        options=options,
    )


def _headline_row(store: Store, spec: CardSpec, area: str, card: Card, view: TrendView, group) -> HeadlineRow:
    if not card.has_data:
        bench, gap = None, _gap(view) or "no data"
    else:
        bench, gap = inputs.benchmark_at(store, spec, area, year=card.latest_period, group=group), ""
    return HeadlineRow(
        key=spec.key,
        measure=spec.label,
        metric_id=spec.metric_id,
        unit_label=card.unit_label or view.unit_label,
        card=card,
        median=bench.median if bench else float("nan"),
        median_n=bench.n if bench else 0,
        band=bench.band if bench else "",
        gap=gap,
    )


def _gap(view: TrendView) -> str:
    return view.summary if not view.applicable or not view.has_data else ""


def _section(
    store: Store, spec: CardSpec, name: str, view: TrendView, plan: PlanInput | None, *, since: str, to: str | None
) -> MeasureSection:
    actions = pack_plan.linked_actions(plan, spec, name)
    drawn = [f for _c, _n, f in (*view.lines, *view.council_lines) if f["value"].notna().any()]
    if not view.periods or not drawn:
        gap = _gap(view) or f"No figures for {name} on this measure between {since} and {to or 'the latest year'}."
        return MeasureSection(spec.key, spec.label, None, "", "", "", "", view.caveats, None, actions, gap, view)
    years = f"{view.periods[0]} to {view.periods[-1]}"
    alt = f"Line chart: {view.title}, {years}. {view.subtitle}. {view.summary}"
    return MeasureSection(
        key=spec.key,
        heading=spec.label,
        chart=view.request,
        alt_text=alt,
        caption=f"{view.title}, {years}",
        summary=view.summary,
        source_note=view.source_note,
        caveats=view.caveats,
        table=pack_tables.figures_table(view, f"The figures in the chart: {view.title}"),
        actions=actions,
        gap="",
        view=view,
    )


def _title(
    store: Store, area: str, request: PackRequest, rows: list, made: dt.datetime, as_of: dt.date, has_plan: bool
) -> TitleBlock:
    rec = store.catalogue.area(area)
    name = str(rec["area_name"])
    kind = AREA_TYPE_NAMES.get(rec["area_type"], rec["area_type"])
    latest = max((r.card.latest_period for r in rows if r.card.has_data), default="")
    period = (
        f"{request.since} to {request.to}"
        if request.to
        else f"{request.since} to the latest year with figures ({latest or 'none'}); each measure's latest year "
        "is in the headline table"
    )
    facts = [
        (
            "Council",
            ", ".join(filter(None, (f"{name} ({area})", kind, rec["region"], store.catalogue.status_label(area)))),
        ),
        ("Period", period),
        ("Comparators", inputs.comparator_group(store, area, request.group).text),
        ("Made", _long_date(made.date())),
    ]
    if has_plan:
        facts.append(("Action plan as of", _long_date(as_of)))
    return TitleBlock(f"Evidence pack: {name}", name, tuple(facts))


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
