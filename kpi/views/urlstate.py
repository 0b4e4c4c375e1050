"""The view in the URL: parse query parameters into a valid view, falling back to defaults with a notice."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from kpi.core.catalogue import UnknownError
from kpi.core.defaults import DEFAULT_AREA, DEFAULT_METRIC
from kpi.calc.comparators import GROUPS, NEAREST
from kpi.calc.measures import CASH, REAL
from kpi.core.periods import is_period
from kpi.data.store import Store

MAX_MULTIPLES = 6


@dataclass(frozen=True)
class ViewState:
    area: str = DEFAULT_AREA
    metric: str = DEFAULT_METRIC
    prices: str = CASH
    base: str = ""               # real-terms base year; "" = latest
    per_head: bool = False
    index: str = ""              # index base year; "" = no index
    cmp: str = NEAREST
    also: tuple[str, ...] = ()
    year: str = ""               # benchmark year; "" = the latest with data for the council
    since: str = ""              # profile base year; "" = 2010-11 (or the first year with data)
    metrics: tuple[str, ...] = ()   # Trends small multiples: extra measures, each in its own panel

    def to_params(self) -> dict[str, str | list[str]]:
        """Only what differs from the defaults, so links stay short; booleans as 1/0."""
        default = ViewState()
        params: dict[str, str | list[str]] = {}
        for key, value in asdict(self).items():
            if value == getattr(default, key):
                continue
            if isinstance(value, bool):
                params[key] = "1" if value else "0"
            elif isinstance(value, tuple):
                params[key] = list(value)
            else:
                params[key] = str(value)
        return params


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def parse_params(params: dict[str, str | list[str]], store: Store) -> tuple[ViewState, list[str]]:
    """A valid ViewState and one short notice per value that could not be used."""
    state = ViewState()
    notices: list[str] = []

    def one(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, list):
            value = value[-1] if value else None
        return None if value is None else str(value).strip()

    cat = store.catalogue
    if (area := one("area")) is not None:
        try:
            state = replace(state, area=cat.resolve_area(area))
        except UnknownError:
            notices.append(f"The council '{area[:40]}' in the link is not known, so {cat.area_name(state.area)} is shown.")
    if (metric := one("metric")) is not None:
        if metric in cat.metrics:
            state = replace(state, metric=metric)
        else:
            notices.append(f"The measure '{metric[:40]}' in the link is not known, so "
                           f"{cat.metric(state.metric).title} is shown.")
    if (prices := one("prices")) is not None:
        if prices in (CASH, REAL):
            state = replace(state, prices=prices)
        else:
            notices.append(f"Prices must be 'cash' or 'real', not '{prices[:20]}': cash is shown.")
    for key in ("base", "index", "year", "since"):
        if (year := one(key)) is not None and year != "":
            if is_period(year):
                state = replace(state, **{key: year})
            else:
                notices.append(f"'{year[:20]}' is not a financial year such as 2010-11, so it was ignored.")
    if (flag := one("per_head")) is not None:
        if flag.lower() in _TRUE | _FALSE:
            state = replace(state, per_head=flag.lower() in _TRUE)
        else:
            notices.append(f"per_head must be 1 or 0, not '{flag[:20]}', so totals are shown.")
    if (group := one("cmp")) is not None:
        if group in GROUPS:
            state = replace(state, cmp=group)
        else:
            notices.append(f"The comparator group '{group[:20]}' is not known, so nearest neighbours are shown.")
    also = params.get("also")
    if also:
        codes = []
        for given in (also if isinstance(also, list) else [also])[:5]:
            try:
                codes.append(cat.resolve_area(str(given)))
            except UnknownError:
                notices.append(f"The council '{str(given)[:40]}' in the link is not known and was left out.")
        state = replace(state, also=tuple(c for c in dict.fromkeys(codes) if c != state.area))

    metrics = params.get("metrics")
    if metrics:
        chosen = []
        for given in (metrics if isinstance(metrics, list) else [metrics]):
            if str(given) in cat.metrics:
                chosen.append(str(given))
            else:
                notices.append(f"The measure '{str(given)[:40]}' in the link is not known and was left out.")
        if len(dict.fromkeys(chosen)) > MAX_MULTIPLES:
            notices.append(f"At most {MAX_MULTIPLES} measures can be shown side by side; the first "
                           f"{MAX_MULTIPLES} are shown.")
        state = replace(state, metrics=tuple(dict.fromkeys(chosen))[:MAX_MULTIPLES])

    state, more = normalise(state, store)
    return state, notices + more


def normalise(state: ViewState, store: Store) -> tuple[ViewState, list[str]]:
    """Drop toggles the chosen measure cannot take (per head of a percentage, real terms of a score)."""
    notices: list[str] = []
    metric = store.catalogue.metric(state.metric)
    if state.per_head and not metric.per_head:
        state = replace(state, per_head=False)
    if state.prices == REAL and not metric.money:
        state = replace(state, prices=CASH)
    if state.base and store.deflator(state.base) is None:
        notices.append(f"There is no GDP deflator for {state.base}, so prices are in {store.latest_deflator_period()} terms.")
        state = replace(state, base="")
    return state, notices
