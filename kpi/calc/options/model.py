"""Options, their proposed councils, the area they are weighed in, and what an option leaves out or counts twice.

An option is a set of proposed councils, each made of current councils: a shire district whole; a county whole or
shared between proposed councils (its flows by the population of its districts in each, its balances only by shares
the option states); a unitary whole, or shared by stated shares. An option set holds up to five options for one area:
the councils of a county area (a county stands for itself and its districts), or any councils. A council of the area
that an option leaves out, or puts in two proposed councils, is named (`findings`), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.catalogue import Catalogue
from kpi.core.functions import COUNTY, SHIRE_DISTRICT

MAX_OPTIONS = 5
MAX_PROPOSED = 20  # proposed councils in one option
MAX_NAME = 80  # characters of an option's or a proposed council's name
WHOLE = 100.0


@dataclass(frozen=True)
class Part:
    code: str
    share: float | None = None  # percent of the council the option states; None: whole, or a county by population


@dataclass(frozen=True)
class Proposed:
    name: str
    parts: tuple[Part, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.parts)


@dataclass(frozen=True)
class Option:
    name: str
    proposed: tuple[Proposed, ...]

    def holders(self, code: str) -> tuple[Proposed, ...]:
        """The proposed councils that hold (some of) a council."""
        return tuple(p for p in self.proposed if code in p.codes)

    def shared(self, code: str) -> bool:
        return len(self.holders(code)) > 1


@dataclass(frozen=True)
class OptionSet:
    """The options weighed and the area they are weighed in, as chosen: a county stands for its whole area; no area
    means the councils the options name with their counties' areas. Small and hashable: a cache key and a link."""

    area: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """Every council an option names, in order."""
        return tuple(dict.fromkeys(c for o in self.options for p in o.proposed for c in p.codes))

    @property
    def proposed(self) -> tuple[tuple[Option, Proposed], ...]:
        return tuple((o, p) for o in self.options for p in o.proposed)


def county_districts(catalogue: Catalogue, county: str) -> tuple[str, ...]:
    """The current shire districts of a county."""
    records = catalogue.area_records
    return tuple(c for c in catalogue.current_codes if records[c]["county_code"] == county)


def county_of(catalogue: Catalogue, code: str) -> str:
    """A shire district's county council ("" for any other council)."""
    if catalogue.area_class(code) != SHIRE_DISTRICT:
        return ""
    return str(catalogue.area_records.get(code, {}).get("county_code", "") or "")


def area_councils(catalogue: Catalogue, options: OptionSet) -> tuple[str, ...]:
    """The councils of the area: each county chosen with its districts, or, with no area chosen, the councils the
    options name with their counties' whole areas."""
    chosen = options.area or tuple(
        dict.fromkeys(c for code in options.codes for c in (county_of(catalogue, code) or code,))
    )
    out: list[str] = []
    for code in chosen:
        out.append(code)
        if catalogue.area_class(code) == COUNTY:
            out += county_districts(catalogue, code)
    if not options.area:
        out += options.codes
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Finding:
    option: str
    text: str


def findings(catalogue: Catalogue, options: OptionSet) -> tuple[Finding, ...]:
    """Per option: councils of the area it leaves out, councils it puts in two proposed councils without stated
    shares (counted in each), councils outside the area, and a county kept whole apart from some of its districts."""
    area = area_councils(catalogue, options)
    name = catalogue.area_name
    out = []
    for option in options.options:
        left = [c for c in area if not option.holders(c)]
        if left:
            out.append(Finding(option.name, f"Left out of every proposed council: {', '.join(map(name, left))}."))
        for code in dict.fromkeys(c for p in option.proposed for c in p.codes):
            holders = option.holders(code)
            stated = all(p.share is not None for h in holders for p in h.parts if p.code == code)
            if len(holders) > 1 and catalogue.area_class(code) != COUNTY and not stated:
                where = " and ".join(h.name for h in holders)
                out.append(Finding(option.name, f"{name(code)} is in {where}: its figures are counted in each."))
            if code not in area:
                out.append(Finding(option.name, f"{name(code)} is outside the area chosen; its figures are counted."))
            if catalogue.area_class(code) == COUNTY and len(holders) == 1:
                apart = [d for d in county_districts(catalogue, code) if option.holders(d) not in ((), holders)]
                if apart:
                    out.append(_apart(catalogue, option, code, holders[0], apart))
    return tuple(out)


def _apart(catalogue: Catalogue, option: Option, county: str, holder: Proposed, apart: list[str]) -> Finding:
    names = ", ".join(catalogue.area_name(d) for d in apart)
    return Finding(
        option.name,
        f"{catalogue.area_name(county)} is whole in {holder.name}, though its districts {names} are in other "
        "proposed councils: all its figures are counted there.",
    )
