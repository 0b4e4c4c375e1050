"""A chart's table of figures: the comparators' band columns with their headings, and the table as a person reads
it (values in the chart's unit, plain headings). The trend, benchmark and small-multiples tables on the pages and
the pack's tables of figures all take them from here."""

from __future__ import annotations

import pandas as pd

from kpi.calc.measures import REASON
from kpi.core import schema as S
from kpi.core.formatting import format_value

# The comparators' band by year (kpi.calc.bands.band) as columns of a chart's table, and their headings.
BAND_COLUMNS = {"median": "comparator_median", "q1": "comparator_q1", "q3": "comparator_q3", "n": "comparators"}
BAND_HEADINGS = {
    "comparator_median": "Comparator median",
    "comparator_q1": "Comparator lower quartile",
    "comparator_q3": "Comparator upper quartile",
    "comparators": "Comparators with data",
}
BAND_VALUES = ("comparator_median", "comparator_q1", "comparator_q3")  # in the chart's unit (not the count)
IN_UNIT = (S.VALUE, *BAND_VALUES)

HEADINGS = {
    "area_name": "Council",
    S.PERIOD: "Year",
    S.VALUE: "Value",
    S.STATUS: "Status",
    S.SOURCE_ID: "Source",
    REASON: "Why missing",
    **BAND_HEADINGS,
}


def formatted(table: pd.DataFrame, unit_label: str, *, headings: dict[str, str] | None = None) -> pd.DataFrame:
    """A chart's table for reading: its values formatted in the chart's unit (the download keeps the numbers), and
    its columns renamed by `headings` where given; made in one step."""
    names = headings or {}
    columns = {}
    for c in table.columns:
        if unit_label and c in IN_UNIT:
            texts = [format_value(v, unit_label) for v in table[c].tolist()]
            columns[names.get(c, c)] = pd.Series(texts, index=table.index, dtype="str")
        else:
            columns[names.get(c, c)] = table[c]
    return pd.DataFrame(columns, index=table.index)


def display_table(table: pd.DataFrame, unit_label: str) -> pd.DataFrame:
    """The chart's data as a person reads it: formatted values, plain column names."""
    return formatted(table, unit_label, headings=HEADINGS)
