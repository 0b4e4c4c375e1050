"""Comparator groups that compare like with like: ONS statistical nearest neighbours (2025), same type, same
region, England, or a group the user names.

A council formed after the ONS model was published (a shadow council declared in reorganisations.csv) has no row in
it: its nearest neighbours are councils of the same type by default, and the group says so. Same type, region and
England groups hold councils that have taken over, never shadow councils.

A group only holds councils of the chosen council's class of functions (kpi.core.functions): a London borough is
never compared with a shire district, whose totals cover different services. Nearest neighbours come from the ONS
model that matches the class (upper tier for single-tier councils and counties, lower tier for districts), keeping
the same-class neighbours in rank order, up to 15. A measure may declare itself comparable across classes
(`comparable_across_classes` in data/metrics.csv); then every council the measure applies to may be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kpi.calc.comparable import comparable
from kpi.calc.neighbours import modelled, nearest
from kpi.core.catalogue import AREA_TYPE_NAMES, UnknownError
from kpi.core.functions import CITY_OF_LONDON, CLASS_PLURALS
from kpi.model.store import Store


class Group(StrEnum):
    NEAREST = "nearest"
    SAME_TYPE = "type"
    SAME_REGION = "region"
    ENGLAND = "england"
    CUSTOM = "custom"
    NONE = "none"


NEAREST, SAME_TYPE, SAME_REGION, ENGLAND, CUSTOM, NONE = (
    Group.NEAREST,
    Group.SAME_TYPE,
    Group.SAME_REGION,
    Group.ENGLAND,
    Group.CUSTOM,
    Group.NONE,
)
GROUPS = {
    NEAREST: "Nearest neighbours of the same class (ONS 2025)",
    SAME_TYPE: "Councils of the same type",
    SAME_REGION: "Councils of the same class in the same region",
    ENGLAND: "Councils of the same class in England",
    CUSTOM: "Custom group…",
    NONE: "No comparison",
}
NEIGHBOUR_COUNT = 15
MAX_CUSTOM = 40  # councils in a custom group (it lives in the URL)
MAX_NAME = 60  # characters of a custom group's name
MODEL_NAMES = {"upper_tier": "upper-tier", "lower_tier": "lower-tier"}
UNMODELLED = (
    "The ONS 2025 nearest-neighbour model has no row for {name}, a council formed after it was published, so "
    "councils of the same type are shown by default; councils of the same class in the region or in England, or a "
    "custom group, can be chosen instead."
)


@dataclass(frozen=True)
class ComparatorGroup:
    """Which comparators were asked for: a kind, and for a custom group its councils and name. A cache key."""

    kind: str = NEAREST
    codes: tuple[str, ...] = ()  # custom groups only, in the order chosen
    name: str = ""  # custom groups only

    @classmethod
    def of(cls, group: str | ComparatorGroup) -> ComparatorGroup:
        """A group from its kind ("nearest", "region", ...) or as it is."""
        return group if isinstance(group, ComparatorGroup) else cls(kind=str(group))

    @classmethod
    def custom(cls, codes, name: str = "") -> ComparatorGroup:
        """A named group of councils (at most MAX_CUSTOM); the name keeps letters, digits and plain punctuation
        only, so it can be drawn in a chart title as text."""
        clean = " ".join(re.sub(r"[^\w &,.'()/-]", "", str(name)).split())[:MAX_NAME]
        return cls(kind=CUSTOM, codes=tuple(dict.fromkeys(codes))[:MAX_CUSTOM], name=clean)

    @property
    def title(self) -> str:
        return self.name or "Custom group"


@dataclass(frozen=True)
class ComparatorSet:
    """The comparators of one council (never the council itself), and how they were chosen, in words."""

    group: ComparatorGroup
    codes: tuple[str, ...]
    ranks: tuple[int | None, ...]  # the ONS rank of each nearest neighbour; None for other groups
    model: str  # "upper_tier" or "lower_tier" for nearest neighbours, "" otherwise
    label: str  # for charts: "15 nearest neighbours of the same class (ONS 2025 upper-tier model)"
    note: str = ""  # what was left out and why, or why there is no group at all


def _candidates(store: Store, area_code: str, group: ComparatorGroup) -> tuple[list[str], dict[str, int], str]:
    cat = store.catalogue
    area, records = cat.area(area_code), cat.area_records
    if group.kind == NEAREST:
        return nearest(store, area_code, cat.area_class(area_code))
    if group.kind == SAME_TYPE:
        codes = [c for c in cat.operating_codes if records[c]["area_type"] == area["area_type"]]
    elif group.kind == SAME_REGION:
        codes = [c for c in cat.operating_codes if records[c]["region"] == area["region"]]
    elif group.kind == ENGLAND:
        codes = list(cat.operating_codes)
    elif group.kind == CUSTOM:
        codes = [c for c in group.codes if c in records]
    else:
        raise ValueError(f"unknown comparator group {group.kind!r}; expected one of {', '.join(GROUPS)}")
    return codes, {}, ""


def effective_group(store: Store, area_code: str, group: str | ComparatorGroup) -> ComparatorGroup:
    """The group asked for, or for nearest neighbours of a council the ONS model has no row for, councils of the
    same type (the default named in the sidebar)."""
    group = ComparatorGroup.of(group)
    unmodelled = group.kind == NEAREST and area_code in store.catalogue.areas.index
    return ComparatorGroup(kind=SAME_TYPE) if unmodelled and not modelled(store, area_code) else group


def comparator_set(
    store: Store, area_code: str, group: str | ComparatorGroup, *, metric_id: str | None = None, count=NEIGHBOUR_COUNT
) -> ComparatorSet:
    """The council's comparators for a group, within its class of functions unless the measure allows otherwise.

    With a metric, councils the metric does not apply to (districts for adult social care) are left out."""
    asked, group = ComparatorGroup.of(group), effective_group(store, area_code, group)
    cat = store.catalogue
    if group.kind == NONE or area_code not in cat.areas.index:
        return ComparatorSet(group, (), (), "", "")
    metric = cat.metric(metric_id) if metric_id else None
    across = bool(metric and metric.comparable_across_classes)
    own = cat.area_class(area_code)
    candidates, ranks, model = _candidates(store, area_code, group)
    types, classes = cat.area_types, cat.area_classes
    usable = [c for c in candidates if c != area_code and (metric is None or metric.applies(types.get(c, "")))]
    allowed = comparable(store, area_code, metric_id)  # its class of functions, unless the measure allows any
    kept = [c for c in usable if c in allowed]
    if group.kind == NEAREST:
        kept = kept[:count]
    left_out = [c for c in usable if c not in kept and (across or classes.get(c) != own)]
    label = _label(store, area_code, group, n=len(kept), model=model, across=across)
    note = _note(store, area_code, group, kept=kept, left_out=left_out, total=len(candidates), across=across)
    if group != asked:
        note = f"{UNMODELLED.format(name=cat.area_name(area_code))} {note}".strip()
    return ComparatorSet(group, tuple(kept), tuple(ranks.get(c) for c in kept), model, label, note)


def comparators(
    store: Store, area_code: str, group: str | ComparatorGroup, *, metric_id: str | None = None, count=NEIGHBOUR_COUNT
) -> list[str]:
    """Codes of the council's comparators (see comparator_set)."""
    return list(comparator_set(store, area_code, group, metric_id=metric_id, count=count).codes)


def _plural(area_type: str) -> str:
    name = AREA_TYPE_NAMES.get(area_type, area_type)
    name = name[:1].lower() + name[1:] if not name.startswith("London") else name
    return name[:-1] + "ies" if name.endswith("y") else name + "s"


def _label(store: Store, area_code: str, group: ComparatorGroup, *, n: int, model: str, across: bool) -> str:
    """How the group was chosen, with how many councils it holds, for chart subtitles and captions."""
    area = store.catalogue.area(area_code)
    if store.catalogue.area_class(area_code) == CITY_OF_LONDON and not across:
        return ""  # the note says why there is no group
    who = "councils" if across else CLASS_PLURALS.get(store.catalogue.area_class(area_code), "councils")
    who = who.split(" (")[0]
    if group.kind == NEAREST:
        kind = "nearest neighbour" + ("" if n == 1 else "s")
        which = "" if across else " of the same class"
        return f"{n} {kind}{which} (ONS 2025 {MODEL_NAMES.get(model, model)} model)"
    if group.kind == SAME_TYPE:
        return f"{n} other {_plural(area['area_type'])}"
    if group.kind == SAME_REGION:
        return f"{n} other {who} in {area['region']}"
    if group.kind == ENGLAND:
        return f"{n} other {who} in England"
    named = f": {group.name}" if group.name else ""
    return f"Custom group{named} ({n} council{'' if n == 1 else 's'})"


def _note(store: Store, area_code: str, group: ComparatorGroup, *, kept, left_out, total: int, across: bool) -> str:
    cat = store.catalogue
    name, own = cat.area_name(area_code), cat.area_class(area_code)
    if own == CITY_OF_LONDON and not across:
        return f"{name} has no other council with the same functions, so no comparator group is shown."
    if group.kind == NEAREST and left_out and len(kept) < NEIGHBOUR_COUNT:
        return (
            f"Only {len(kept)} of {name}'s {total} ONS nearest neighbours are {CLASS_PLURALS[own]}; councils with "
            "other functions are left out, as their totals are not comparable."
        )
    if group.kind == CUSTOM and left_out:
        names = ", ".join(cat.area_name(c) for c in left_out)
        return f"Left out of the custom group because their functions differ from {name}'s: {names}."
    return ""


GROUP_HELP = (
    "nearest, type, region, england or none, or a custom group as GSS codes separated by commas "
    "(E09000004,E09000005); default nearest"
)


def parse_group(store: Store, given: str, name: str = "") -> ComparatorGroup:
    """A group kind, or GSS codes (or names) separated by commas for a custom group."""
    if given in GROUPS:
        return ComparatorGroup(kind=given)
    codes = []
    for part in [p for p in given.split(",") if p.strip()]:
        try:
            codes.append(store.catalogue.resolve_area(part))
        except UnknownError as exc:
            raise UnknownError("comparator group or council", part, exc.suggestions) from None
    if not codes:
        raise UnknownError("comparator group", given, list(GROUPS))
    return ComparatorGroup.custom(codes, name)
