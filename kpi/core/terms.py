"""The closed sets of the catalogue, in words: council types, directions of measures, units, how measures add up."""

from __future__ import annotations

from enum import StrEnum

AREA_TYPE_NAMES = {
    "london_borough": "London borough",
    "metropolitan_district": "Metropolitan district",
    "unitary": "Unitary authority",
    "county": "County council",
    "shire_district": "Shire district",
    "city_of_london": "City of London",
}


class Polarity(StrEnum):
    """Which direction of a measure is better; context measures have none."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    CONTEXT = "context"


POLARITY_NAMES = {
    Polarity.HIGHER_BETTER: "Higher is better",
    Polarity.LOWER_BETTER: "Lower is better",
    Polarity.CONTEXT: "Context (no direction)",
}
UNIT_NAMES = {
    "gbp": "£",
    "people": "people",
    "percent": "%",
    "score": "score",
    "rate": "rate",
    "fte": "FTE",
    "count": "people",
    "dwellings": "dwellings",
}


class Additive(StrEnum):
    """How a reorganised council's figure before vesting day is formed from its predecessors' figures
    (kpi.model.reorganisations); declared per measure in data/metrics.csv, blank where they do not add up."""

    AREA = "area"  # a count of the area (people, dwellings): the predecessors' areas added, counties left out
    FLOW = "flow"  # a council's own money in a year: every predecessor added, a split county's share by population
    STOCK = "stock"  # a council's own balance at 31 March: added for exact unions only, never apportioned
