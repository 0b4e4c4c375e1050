"""Area, metric and source catalogues: display names come from here, never from code."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi.core import successors as reorganised
from kpi.core.functions import function_class
from kpi.core.names import NameIndex
from kpi.core.provenance import CALCULATED, COUNCIL_SOURCE, DERIVED, UPLOAD, derived_inputs, is_combined, source_base
from kpi.core.terms import AREA_TYPE_NAMES, POLARITY_NAMES, UNIT_NAMES, Additive, Polarity  # noqa: F401

UNAVAILABLE_COLUMNS = ["measure", "reason", "refresh_release"]


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
    comparable_across_classes: bool = False  # True: councils of every class it applies to may be compared
    additive: str = ""  # an Additive value, or "" where predecessors' figures cannot be added

    def applies(self, area_type: str) -> bool:
        return area_type in self.applies_to


def _bool(cell: object) -> bool:
    return str(cell).strip().lower() in {"true", "1", "yes"}


def _text(cell: object) -> str:
    return "" if pd.isna(cell) else str(cell)


class Catalogue(reorganised.Reorganised):
    def __init__(self, areas, metrics, sources, unavailable=None, reorganisations=None, today: dt.date | None = None):
        """Frames of the catalogue CSVs; `reorganisations` (reorganisations.csv, kpi.core.successors) is laid over
        `areas` as of `today` (None: before every vesting day in it)."""
        # Measures the former Oflog explorer had that cannot be built from the bundled files (hand-written).
        self.unavailable = unavailable if unavailable is not None else pd.DataFrame(columns=UNAVAILABLE_COLUMNS)
        self.reorganisations = reorganisations if reorganisations is not None else reorganised.empty()
        self.today = today
        self.areas = reorganised.overlay(areas, self.reorganisations, today).set_index("area_code", drop=False)
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
                comparable_across_classes=_bool(r.get("comparable_across_classes", "")),
                additive=_text(r.get("additive")),
            )
            for r in metrics.to_dict("records")
        }

    @classmethod
    def from_dir(cls, data_dir: Path, today: dt.date | None = None) -> Catalogue:
        names = ("areas.csv", "metrics.csv", "sources.csv", "unavailable_measures.csv", "reorganisations.csv")
        areas, metrics, sources, *optional = (Path(data_dir) / name for name in names)
        return cls.from_csv(areas, metrics, sources, *(p if p.exists() else None for p in optional), today=today)

    @classmethod
    def from_csv(cls, areas, metrics, sources, unavailable=None, reorganisations=None, today=None) -> Catalogue:
        """From the catalogue CSVs, each a path or a file object (a snapshot version's bytes)."""
        areas = pd.read_csv(areas, dtype=str, keep_default_na=False)
        areas["current"] = areas["current"].map(_bool)
        metrics = pd.read_csv(metrics, dtype=str, keep_default_na=False)
        sources = pd.read_csv(sources, dtype=str, keep_default_na=False)
        sources["priority"] = sources["priority"].astype(int)
        if unavailable is not None:
            unavailable = pd.read_csv(unavailable, dtype=str, keep_default_na=False)
        if reorganisations is not None:
            reorganisations = reorganised.read_table(reorganisations)
        return cls(areas, metrics, sources, unavailable, reorganisations, today)

    # ---------------------------------------------------------------- areas
    def area_name(self, code: str) -> str:
        return self.area_names.get(code, code)

    @functools.cached_property
    def area_names(self) -> dict[str, str]:
        """Every council's name by GSS code (one lookup table, so naming many rows is one map)."""
        return {str(code): str(name) for code, name in self.areas["area_name"].items()}

    def area_type(self, code: str) -> str:
        return self.area_types.get(code, "")

    @functools.cached_property
    def area_types(self) -> dict[str, str]:
        """Every council's type by GSS code."""
        return {str(code): str(t) for code, t in self.areas["area_type"].items()}

    @functools.cached_property
    def area_records(self) -> dict[str, dict]:
        """Every council's row of areas.csv by GSS code, in the file's order (read many times a run)."""
        return {str(r["area_code"]): r for r in self.areas.to_dict("records")}

    @functools.cached_property
    def current_codes(self) -> tuple[str, ...]:
        """The codes of current councils, in the file's order."""
        return tuple(c for c, r in self.area_records.items() if r["current"])

    def area_class(self, code: str) -> str:
        """The council's class of functions (kpi.core.functions): single_tier, county, shire_district, ..."""
        return self.area_classes.get(code, "")

    @functools.cached_property
    def area_classes(self) -> dict[str, str]:
        """Every council's class of functions, by GSS code."""
        return {code: function_class(t) for code, t in self.areas["area_type"].items()}

    def area(self, code: str) -> dict:
        return dict(self.area_records[code])

    def current_areas(self) -> pd.DataFrame:
        return self.areas[self.areas["current"]]

    def resolve_area(self, given: str) -> str:
        """A GSS code or a council name, as people write it -> GSS code; UnknownError with near matches otherwise."""
        text = str(given).strip()
        if code := self.canonical(text):  # its code, or a former one (a provisional code since replaced)
            return code
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
                    "comparable_across_classes": "false",
                }
                for m in fresh
            ]
        )
        metrics = pd.concat([self.metrics_table, rows], ignore_index=True)
        areas, sources = self.areas.reset_index(drop=True), self.sources.reset_index(drop=True)
        return Catalogue(areas, metrics, sources, self.unavailable, self.reorganisations, self.today)

    # ---------------------------------------------------------------- sources
    source_base = staticmethod(source_base)

    @functools.cached_property
    def source_records(self) -> dict[str, dict]:
        """Every source's row of sources.csv by id (read for every figure's note)."""
        return {str(r["source_id"]): r for r in self.sources.to_dict("records")}

    def source_priority(self, source_id: str) -> int:
        row = self.source_records.get(self.source_base(source_id))
        return int(row["priority"]) if row else 100

    def source_title(self, source_id: str) -> str:
        base, _, inputs = source_id.partition(":")
        if base in CALCULATED and inputs:
            names = "; ".join(self.source_title(s) for s in derived_inputs(source_id))
            if base == DERIVED and not is_combined(source_id):
                return f"Calculated from {names}"
            lead = "Calculated from predecessor" if base == DERIVED else "Predecessor"
            return f"{lead} councils' figures combined, from {names}"
        if base == UPLOAD:
            return f"Council-supplied figures (upload version {inputs})"
        row = self.source_records.get(base)
        return str(row["title"]) if row else source_id

    def source_publisher(self, source_id: str) -> str:
        base, _, inputs = source_id.partition(":")
        if base in CALCULATED and inputs:
            return "; ".join(dict.fromkeys(self.source_publisher(s) for s in derived_inputs(source_id)))
        row = self.source_records.get(self.source_base(source_id))
        return str(row["publisher"]) if row else source_id
