"""Council tax harmonisation of a proposed council, as arithmetic on the latest year (not a forecast).

Each part of a proposed council (a district, or a unitary) charges a Band D for the new council's functions: a
district's own element plus its county's, a unitary its own (parish, police, fire and mayoral precepts are not the
new council's and stay out). A new council must charge one Band D. Harmonising in one year to a target Band D T
changes the council tax raised by the sum over its parts of tax base x (T - Band D): to the lowest Band D (income
forgone, the sum is negative or nil), to the tax-base weighted average (the total is unchanged; the parts move up or
down) or to the highest (extra income). A shared unitary brings its tax base times its stated share.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.calc.options.model import WHOLE, OptionSet, county_of
from kpi.calc.options.sums import Known, known
from kpi.core.functions import COUNTY
from kpi.model.store import Store

BAND_D, TAX_BASE = "band_d_council_tax", "council_tax_base"
TARGETS = ("lowest", "average", "highest")


@dataclass(frozen=True)
class TaxPart:
    code: str
    name: str
    own: float  # the council's own Band D
    county: float  # its county's Band D (0 for a unitary)
    tax_base: float  # in Band D equivalents (times the stated share of a shared unitary)

    @property
    def band_d(self) -> float:
        """Band D for the new council's functions, to the penny as set."""
        return round(self.own + self.county, 2)

    def change(self, target: float) -> float:
        """What harmonising to `target` changes this part's council tax by, in £ a year."""
        return self.tax_base * (target - self.band_d)


@dataclass(frozen=True)
class Harmonised:
    """A proposed council's parts in one year (none where `reason` says why it cannot be worked out)."""

    option: str
    proposed: str
    period: str  # the latest year every part of every option has a Band D and a tax base
    parts: tuple[TaxPart, ...]
    sources: tuple[str, ...]
    reason: str = ""

    @property
    def targets(self) -> dict[str, float]:
        """The lowest Band D, the tax-base weighted average and the highest."""
        base = sum(p.tax_base for p in self.parts)
        average = sum(p.tax_base * p.band_d for p in self.parts) / base
        return {
            "lowest": min(p.band_d for p in self.parts),
            "average": average,
            "highest": max(p.band_d for p in self.parts),
        }

    @property
    def spread(self) -> float:
        return round(max(p.band_d for p in self.parts) - min(p.band_d for p in self.parts), 2)

    def change(self, target: str) -> float:
        """The change in council tax raised in a year if every part paid the target's Band D: sum of tax base x
        (target - Band D)."""
        value = self.targets[target]
        return sum(p.change(value) for p in self.parts)


def billing_parts(store: Store, options: OptionSet) -> tuple[str, ...]:
    """The councils that set a Band D in the proposed councils: every council named but the counties."""
    return tuple(c for c in options.codes if store.catalogue.area_class(c) != COUNTY)


def tax_year(store: Store, options: OptionSet, figures: Known) -> str:
    """The latest year in which every part has a Band D and a tax base, and each district's county a Band D."""
    needed = [(m, c) for c in billing_parts(store, options) for m in (BAND_D, TAX_BASE)]
    needed += [(BAND_D, county) for c in billing_parts(store, options) if (county := county_of(store.catalogue, c))]
    years = [{p for (m, c, p) in figures if (m, c) == key} for key in dict.fromkeys(needed)]
    every = set.intersection(*years) if years else set()
    return max(every) if every else ""


def harmonise(store: Store, options: OptionSet) -> tuple[Harmonised, ...]:
    """Every proposed council's parts' Band D and tax base in the latest year every part has them."""
    cat = store.catalogue
    counties = {c: county_of(cat, c) for c in billing_parts(store, options)}
    figures = known(store, (BAND_D, TAX_BASE), [*counties, *filter(None, counties.values())])
    year = tax_year(store, options, figures)
    out = []
    for option, proposed in options.proposed:
        billing = [p for p in proposed.parts if p.code in counties]
        parts, sources = [], []
        for part in billing:
            county = counties[part.code]
            own, base = figures.get((BAND_D, part.code, year)), figures.get((TAX_BASE, part.code, year))
            above = figures.get((BAND_D, county, year)) if county else (0.0, "", "")
            if own is None or base is None or above is None:
                break
            share = part.share / WHOLE if option.shared(part.code) and part.share is not None else 1.0
            parts.append(TaxPart(part.code, cat.area_name(part.code), own[0], above[0], base[0] * share))
            sources += [own[1], base[1], above[1]]
        why = _why(year, billing, parts)
        kept = tuple(dict.fromkeys(s for s in sources if s))
        out.append(Harmonised(option.name, proposed.name, year, () if why else tuple(parts), kept, why))
    return tuple(out)


def _why(year: str, billing: list, parts: list) -> str:
    """Why a proposed council's harmonisation cannot be worked out ("" when it can)."""
    if not billing:
        return "it holds no district or unitary, and only they set a Band D"
    if not year:
        return "there is no year in which every council of the options has a Band D and a tax base"
    if len(parts) < len(billing):
        return f"a council of it has no Band D for the new council's functions or no tax base for {year}"
    return ""
