"""Area, metric and source catalogues: display names come from here, never from code."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd

from kpi.core.names import NameIndex
from kpi.core.provenance import COUNCIL_SOURCE, UPLOAD, source_base

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


class UnknownError(LookupError):
    """An id that is not in a catalogue; the message names the nearest matches."""

    def __init__(self, kind: str, given: str, suggestions: list[str]):
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {given!r}{hint}")
        self.kind, self.given, self.suggestions = kind, given, suggestions


def _split(cell: object) -> tuple[str, ...]:
    return tuple(x for x in str(cell or "").split(";") if x) if not pd.isna(cell) else ()


@dataclass(frozen=True)
class Metric:
    metric_id: str
    title: str
    short_title: str
    unit: str
    polarity: str
    group: str
    definition: str
    source_ids: tuple[str, ...]
    caveats: str
    applies_to: tuple[str, ...]
    money: bool
    per_head: bool
    supplied_by: str

    def applies(self, area_type: str) -> bool:
        return area_type in self.applies_to


def _bool(cell: object) -> bool:
    return str(cell).strip().lower() in {"true", "1", "yes"}


class Catalogue:
    def __init__(self, areas: pd.DataFrame, metrics: pd.DataFrame, sources: pd.DataFrame):
        self.areas = areas.set_index("area_code", drop=False)
        self.metrics_table = metrics
        self.sources = sources.set_index("source_id", drop=False)
        self.metrics = {
            r["metric_id"]: Metric(
                metric_id=r["metric_id"],
                title=r["title"],
                short_title=r["short_title"],
                unit=r["unit"],
                polarity=r["polarity"],
                group=r["group"],
                definition=r["definition"],
                source_ids=_split(r["source_ids"]),
                caveats=r["caveats"] if isinstance(r["caveats"], str) else "",
                applies_to=_split(r["applies_to"]),
                money=_bool(r["money"]),
                per_head=_bool(r["per_head"]),
                supplied_by=r["supplied_by"],
            )
            for r in metrics.to_dict("records")
        }

    @classmethod
    def from_dir(cls, data_dir: Path) -> Catalogue:
        return cls.from_csv(*(Path(data_dir) / name for name in ("areas.csv", "metrics.csv", "sources.csv")))

    @classmethod
    def from_csv(cls, areas, metrics, sources) -> Catalogue:
        """From the three catalogue CSVs, each a path or a file object (a snapshot version's bytes)."""
        areas = pd.read_csv(areas, dtype=str, keep_default_na=False)
        areas["current"] = areas["current"].map(_bool)
        metrics = pd.read_csv(metrics, dtype=str, keep_default_na=False)
        sources = pd.read_csv(sources, dtype=str, keep_default_na=False)
        sources["priority"] = sources["priority"].astype(int)
        return cls(areas, metrics, sources)

    # ---------------------------------------------------------------- areas
    def area_name(self, code: str) -> str:
        return str(self.areas.at[code, "area_name"]) if code in self.areas.index else code

    def area_type(self, code: str) -> str:
        return str(self.areas.at[code, "area_type"]) if code in self.areas.index else ""

    def area(self, code: str) -> dict:
        return self.areas.loc[code].to_dict()

    def current_areas(self) -> pd.DataFrame:
        return self.areas[self.areas["current"]]

    def resolve_area(self, given: str) -> str:
        """A GSS code or a council name, as people write it -> GSS code; UnknownError with near matches otherwise."""
        text = str(given).strip()
        if text.upper() in self.areas.index:
            return text.upper()
        found = self.names.match(text)
        if found.code:
            return found.code
        codes = difflib.get_close_matches(text.upper(), list(self.areas.index), n=3, cutoff=0.8)
        suggestions = [f"{c} ({self.area_name(c)})" for c in (*found.suggestions, *codes)]
        raise UnknownError("area", text, list(dict.fromkeys(suggestions)))

    @functools.cached_property
    def names(self) -> NameIndex:
        """The one council-name matcher over this catalogue (kpi.core.names)."""
        return NameIndex.from_areas(self.areas)

    # ---------------------------------------------------------------- metrics
    def metric(self, metric_id: str) -> Metric:
        if metric_id in self.metrics:
            return self.metrics[metric_id]
        raise UnknownError(
            "metric", metric_id, difflib.get_close_matches(metric_id, list(self.metrics), n=3, cutoff=0.5)
        )

    def metric_units(self) -> dict[str, str]:
        return {m.metric_id: m.unit for m in self.metrics.values()}

    def with_local_metrics(self, local: list[dict]) -> Catalogue:
        """A catalogue that also knows metrics declared in council uploads (id, title, unit, polarity)."""
        fresh = [m for m in local if m["metric_id"] not in self.metrics]
        if not fresh:
            return self
        types = ";".join(AREA_TYPE_NAMES)
        rows = pd.DataFrame(
            [
                {
                    "metric_id": m["metric_id"],
                    "title": m["title"],
                    "short_title": m["title"],
                    "unit": m["unit"],
                    "polarity": m["polarity"],
                    "group": "Local (council-supplied)",
                    "definition": f"Local measure declared by a council in an upload: {m['title']}.",
                    "source_ids": COUNCIL_SOURCE,
                    "caveats": "Council-supplied: not checked against any national release.",
                    "applies_to": types,
                    "money": str(m["unit"] == "gbp").lower(),
                    "per_head": str(m["unit"] in ("gbp", "fte", "count", "people")).lower(),
                    "supplied_by": "council",
                }
                for m in fresh
            ]
        )
        metrics = pd.concat([self.metrics_table, rows], ignore_index=True)
        return Catalogue(self.areas.reset_index(drop=True), metrics, self.sources.reset_index(drop=True))

    # ---------------------------------------------------------------- sources
    source_base = staticmethod(source_base)

    def source_priority(self, source_id: str) -> int:
        base = self.source_base(source_id)
        if base in self.sources.index:
            return int(self.sources.at[base, "priority"])
        return 100

    def source_title(self, source_id: str) -> str:
        base, _, inputs = source_id.partition(":")
        if base == "derived" and inputs:
            return "Calculated from " + "; ".join(self.source_title(s) for s in inputs.split("+"))
        if base == UPLOAD:
            return f"Council-supplied figures (upload version {inputs})"
        return str(self.sources.at[base, "title"]) if base in self.sources.index else source_id

    def source_publisher(self, source_id: str) -> str:
        base, _, inputs = source_id.partition(":")
        if base == "derived" and inputs:
            return "; ".join(dict.fromkeys(self.source_publisher(s) for s in inputs.split("+")))
        base = self.source_base(source_id)
        return str(self.sources.at[base, "publisher"]) if base in self.sources.index else source_id
