"""Classes of functions: which councils' totals can be compared.

A council's totals (spending power, debt, reserves, council tax) depend on which services it provides. Single-tier
councils (London boroughs, metropolitan districts, unitaries) provide all of them; in two-tier areas the county
and the shire districts split them; the City of London is unlike any other. Comparisons stay within one class
unless a measure declares itself comparable across classes (`comparable_across_classes` in data/metrics.csv).
"""

from __future__ import annotations

from enum import StrEnum


class FunctionClass(StrEnum):
    SINGLE_TIER = "single_tier"
    COUNTY = "county"
    SHIRE_DISTRICT = "shire_district"
    CITY_OF_LONDON = "city_of_london"


SINGLE_TIER, COUNTY, SHIRE_DISTRICT, CITY_OF_LONDON = (
    FunctionClass.SINGLE_TIER,
    FunctionClass.COUNTY,
    FunctionClass.SHIRE_DISTRICT,
    FunctionClass.CITY_OF_LONDON,
)

AREA_CLASS = {
    "london_borough": SINGLE_TIER,
    "metropolitan_district": SINGLE_TIER,
    "unitary": SINGLE_TIER,
    "county": COUNTY,
    "shire_district": SHIRE_DISTRICT,
    "city_of_london": CITY_OF_LONDON,
}

CLASS_PLURALS = {
    SINGLE_TIER: "single-tier councils (London boroughs, metropolitan districts and unitaries)",
    COUNTY: "county councils",
    SHIRE_DISTRICT: "shire districts",
    CITY_OF_LONDON: "the City of London",
}


def function_class(area_type: str) -> str:
    """The class of functions of an area type ("" for an unknown type)."""
    return str(AREA_CLASS.get(area_type, ""))
