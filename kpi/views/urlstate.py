"""The view in the URL: parse query parameters into a valid view, falling back to defaults with a notice."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from kpi.calc.comparators import CUSTOM, GROUPS, MAX_CUSTOM, NEAREST, ComparatorGroup
from kpi.calc.measures import CASH, REAL
from kpi.calc.toggles import Toggles
from kpi.core.catalogue import UnknownError
from kpi.core.defaults import DEFAULT_AREA, DEFAULT_BASE_YEAR, DEFAULT_METRIC
from kpi.core.periods import is_period
from kpi.model.store import Store

MAX_MULTIPLES = 6
MAX_ALSO = 5  # other councils drawn as their own lines on a trend


@dataclass(frozen=True)
class ViewState:
    area: str = DEFAULT_AREA
    metric: str = DEFAULT_METRIC
    prices: str = CASH
    base: str = ""  # real-terms base year; "" = latest
    per_head: bool = False
    index: str = ""  # index base year; "" = no index
    cmp: str = NEAREST
    also: tuple[str, ...] = ()
    year: str = ""  # benchmark year; "" = the latest with data for the council
    since: str = ""  # profile base year; "" = 2010-11 (or the first year with data)
    metrics: tuple[str, ...] = ()  # Trends small multiples: extra measures, each in its own panel
    to: str = ""  # profile and narrative end year; "" = the latest with data
    group: tuple[str, ...] = ()  # the councils of a custom comparator group (cmp=custom)
    group_name: str = ""  # its name, shown in charts

    def comparator_group(self) -> ComparatorGroup:
        """The comparator group the view asks for (a cache key): a kind, or a custom group with its councils."""
        if self.cmp == CUSTOM:
            return ComparatorGroup.custom(self.group, self.group_name)
        return ComparatorGroup(kind=self.cmp)

    def request_fields(self) -> dict:
        """What a trend or benchmark request takes from the view: council, measure, prices, per head, index, group."""
        return dict(
            area_code=self.area,
            metric_id=self.metric,
            prices=self.prices,
            base_year=self.base or None,
            per_head=self.per_head,
            index_to=self.index or None,
            comparator_group=self.comparator_group(),
        )

    def to_params(self) -> dict[str, str | list[str]]:
        """Only what differs from the defaults, so links stay short; booleans as 1/0."""
        default = ViewState()
        params: dict[str, str | list[str]] = {}
        for key, value in asdict(self).items():
            if value == getattr(default, key) or (key in ("group", "group_name") and self.cmp != CUSTOM):
                continue
            if key == "group":
                params[key] = ",".join(value)  # one short parameter: group=E09000004,E09000005
            elif isinstance(value, bool):
                params[key] = "1" if value else "0"
            elif isinstance(value, tuple):
                params[key] = list(value)
            else:
                params[key] = str(value)
        return params


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _one(params: dict, key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return None if value is None else str(value).strip()


def _many(params: dict, key: str) -> list[str]:
    value = params.get(key)
    return [str(v) for v in (value if isinstance(value, list) else [value])] if value else []


def parse_params(params: dict[str, str | list[str]], store: Store) -> tuple[ViewState, list[str]]:
    """A valid ViewState and one short notice per value that could not be used."""
    notices: list[str] = []
    changes: dict = {}
    for read in (
        _read_area,
        _read_metric,
        _read_prices,
        _read_years,
        _read_per_head,
        _read_group,
        _read_custom,
        _read_also,
        _read_metrics,
    ):
        changes.update(read(params, store, notices))
    state, more = normalise(replace(ViewState(), **changes), store)
    if state.area in state.also:
        state = replace(state, also=tuple(c for c in state.also if c != state.area))
    return state, notices + more


def _read_area(params: dict, store: Store, notices: list[str]) -> dict:
    if (area := _one(params, "area")) is None:
        return {}
    try:
        return {"area": store.catalogue.resolve_area(area)}
    except UnknownError:
        notices.append(
            f"The council '{area[:40]}' in the link is not known, so "
            f"{store.catalogue.area_name(DEFAULT_AREA)} is shown."
        )
        return {}


def _read_metric(params: dict, store: Store, notices: list[str]) -> dict:
    if (metric := _one(params, "metric")) is None:
        return {}
    if metric in store.catalogue.metrics:
        return {"metric": metric}
    notices.append(
        f"The measure '{metric[:40]}' in the link is not known, so "
        f"{store.catalogue.metric(DEFAULT_METRIC).title} is shown."
    )
    return {}


def _read_prices(params: dict, store: Store, notices: list[str]) -> dict:
    if (prices := _one(params, "prices")) is None:
        return {}
    if prices in (CASH, REAL):
        return {"prices": prices}
    notices.append(f"Prices must be 'cash' or 'real', not '{prices[:20]}': cash is shown.")
    return {}


def _read_years(params: dict, store: Store, notices: list[str]) -> dict:
    found = {}
    for key in ("base", "index", "year", "since", "to"):
        if (year := _one(params, key)) is not None and year != "":
            if is_period(year):
                found[key] = year
            else:
                notices.append(f"'{year[:20]}' is not a financial year such as 2010-11, so it was ignored.")
    return found


def _read_per_head(params: dict, store: Store, notices: list[str]) -> dict:
    if (flag := _one(params, "per_head")) is None:
        return {}
    if flag.lower() in _TRUE | _FALSE:
        return {"per_head": flag.lower() in _TRUE}
    notices.append(f"per_head must be 1 or 0, not '{flag[:20]}', so totals are shown.")
    return {}


def _read_group(params: dict, store: Store, notices: list[str]) -> dict:
    if (group := _one(params, "cmp")) is None:
        return {}
    if group in GROUPS:
        return {"cmp": group}
    notices.append(f"The comparator group '{group[:20]}' is not known, so nearest neighbours are shown.")
    return {}


def _read_custom(params: dict, store: Store, notices: list[str]) -> dict:
    """A custom group: `group` holds GSS codes (comma-separated or repeated), `group_name` its name."""
    given = [code.strip() for value in _many(params, "group") for code in value.split(",") if code.strip()]
    codes = []
    for code in given:
        if found := store.catalogue.canonical(code):  # a council's code, or a former one (a provisional code)
            codes.append(found)
        else:
            notices.append(f"The council code '{code[:20]}' in the custom group is not known and was left out.")
    codes = list(dict.fromkeys(codes))
    if len(codes) > MAX_CUSTOM:
        notices.append(f"A custom group holds at most {MAX_CUSTOM} councils; the first {MAX_CUSTOM} are used.")
    found = ComparatorGroup.custom(codes, _one(params, "group_name") or "")
    if _one(params, "cmp") == CUSTOM and not found.codes:
        notices.append(
            "The custom comparator group in the link has no known councils, so nearest neighbours are shown."
        )
        return {"cmp": NEAREST}
    return {"group": found.codes, "group_name": found.name} if found.codes else {}


def _read_also(params: dict, store: Store, notices: list[str]) -> dict:
    codes = []
    for given in _many(params, "also")[:MAX_ALSO]:
        try:
            codes.append(store.catalogue.resolve_area(given))
        except UnknownError:
            notices.append(f"The council '{given[:40]}' in the link is not known and was left out.")
    return {"also": tuple(dict.fromkeys(codes))} if codes else {}


def _read_metrics(params: dict, store: Store, notices: list[str]) -> dict:
    chosen = []
    for given in _many(params, "metrics"):
        if given in store.catalogue.metrics:
            chosen.append(given)
        else:
            notices.append(f"The measure '{given[:40]}' in the link is not known and was left out.")
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) > MAX_MULTIPLES:
        notices.append(
            f"At most {MAX_MULTIPLES} measures can be shown side by side; the first {MAX_MULTIPLES} are shown."
        )
    return {"metrics": tuple(chosen[:MAX_MULTIPLES])} if chosen else {}


def normalise(state: ViewState, store: Store) -> tuple[ViewState, list[str]]:
    """Drop toggles the chosen measure cannot take (per head of a percentage, real terms of a score)."""
    notices: list[str] = []
    prices, per_head = Toggles.of(store.catalogue.metric(state.metric)).fit(state.prices, state.per_head)
    state = replace(state, prices=prices, per_head=per_head)
    if state.base and store.deflator(state.base) is None:
        notices.append(
            f"There is no GDP deflator for {state.base}, so prices are in {store.latest_deflator_period()} terms."
        )
        state = replace(state, base="")
    if state.to and state.to <= (state.since or DEFAULT_BASE_YEAR):
        notices.append(f"The end year {state.to} is not after the base year, so the latest year with figures is used.")
        state = replace(state, to="")
    return state, notices
