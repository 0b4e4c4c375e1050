"""What a chart, and the page around it, needs from a view: kpi's trend, benchmark and small-multiples views meet
these protocols without naming them, so the charts read a few typed attributes and never kpi.views itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pandas as pd

if TYPE_CHECKING:
    from kpi.views.citations import ExportText

# (area code, name, frame of period, value, status, break_before): one council's line.
Lines = tuple[tuple[str, str, pd.DataFrame], ...]


@runtime_checkable
class ChartView(Protocol):
    """A view drawn as a chart: the title, subtitle and source note drawn on the image, the one-line summary (its
    text alternative), the unit its table is read in, its caveats, its figures as numbers (the table alternative
    and the CSV download) and what its downloads carry."""

    @property
    def title(self) -> str: ...

    @property
    def subtitle(self) -> str: ...

    @property
    def source_note(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def unit_label(self) -> str: ...

    @property
    def caveats(self) -> str: ...

    @property
    def table(self) -> pd.DataFrame: ...

    @property
    def export(self) -> ExportText | None: ...


class Focus(Protocol):
    """The request behind a trend, as a chart uses it: whose line is the focus, and any year it is indexed to."""

    @property
    def area_code(self) -> str: ...

    @property
    def index_to(self) -> str | None: ...


@runtime_checkable
class TrendChartView(ChartView, Protocol):
    """A trend: the named councils' lines over the years, the comparators' band and the notes under the chart."""

    @property
    def request(self) -> Focus: ...

    @property
    def periods(self) -> tuple[str, ...]: ...

    @property
    def lines(self) -> Lines: ...

    @property
    def council_lines(self) -> Lines: ...

    @property
    def band(self) -> pd.DataFrame | None: ...  # period, median, q1, q3, n

    @property
    def band_label(self) -> str: ...

    @property
    def notes(self) -> tuple[str, ...]: ...

    @property
    def applicable(self) -> bool: ...


@runtime_checkable
class StripChartView(ChartView, Protocol):
    """A benchmark: one dot per council in one year, with the comparators' median and quartiles."""

    @property
    def points(self) -> pd.DataFrame: ...  # area_name, value, focus

    @property
    def median(self) -> float: ...

    @property
    def q1(self) -> float: ...

    @property
    def q3(self) -> float: ...
