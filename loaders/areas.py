"""The area catalogue as loaders need it: GSS codes, former codes, MHCLG E-codes and names -> current GSS code."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

_SUFFIXES = re.compile(r"\b(ua|council|borough|district|city|county|metropolitan|royal|the|of|and|london|mbc|bc|dc|cc)\b")


def name_key(name: str) -> str:
    """A loose key for matching council names across publishers ("&" vs "and", "UA", "Council", punctuation)."""
    text = str(name).lower().replace("&", " and ").replace("'", "")
    text = re.sub(r"[^a-z ]", " ", text)
    text = _SUFFIXES.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


# Names that are not ONS names in some publications (kept short and reviewed; add with a source).
NAME_ALIASES = {
    "shepway": "folkestone hythe",   # renamed 2018; QPSES kept the old name
}


@dataclass
class AreaLookup:
    codes: set[str]
    former: dict[str, str] = field(default_factory=dict)    # former GSS code -> current code
    ecodes: dict[str, str] = field(default_factory=dict)    # MHCLG E-code -> GSS code
    names: dict[str, str] = field(default_factory=dict)     # name_key -> GSS code (current councils first)
    starts: dict[str, str] = field(default_factory=dict)    # GSS code -> start date (ISO) where known

    @classmethod
    def from_frame(cls, areas: pd.DataFrame) -> "AreaLookup":
        codes = set(areas["area_code"])
        former: dict[str, str] = {}
        for code, cell in zip(areas["area_code"], areas["former_codes"].fillna("")):
            for old in filter(None, str(cell).split(";")):
                former[old.strip()] = code
        ecodes = {str(e): c for e, c in zip(areas["ecode"].fillna(""), areas["area_code"]) if e}
        names: dict[str, str] = {}
        ordered = areas.sort_values("current", key=lambda s: s.astype(str).str.lower() == "true")
        for code, name, official in zip(ordered["area_code"], ordered["area_name"], ordered["official_name"]):
            for text in (official, name):
                if isinstance(text, str) and text:
                    names[name_key(text)] = code
        starts = {c: str(d) for c, d in zip(areas["area_code"], areas["start_date"].fillna("")) if d}
        return cls(codes=codes, former=former, ecodes=ecodes, names=names, starts=starts)

    @classmethod
    def from_dir(cls, data_dir: Path) -> "AreaLookup":
        return cls.from_frame(pd.read_csv(Path(data_dir) / "areas.csv", dtype=str, keep_default_na=False))

    def gss(self, code: object, ecode: object = None) -> str | None:
        """A council's current GSS code from a published GSS code (possibly former) or E-code; None if not a council."""
        text = str(code).strip().upper() if isinstance(code, str) else ""
        text = self.former.get(text, text)
        if text in self.codes:
            return text
        e = str(ecode).strip().upper() if isinstance(ecode, str) else ""
        found = self.ecodes.get(e)
        return found if found in self.codes else None

    def by_name(self, name: str) -> str | None:
        key = name_key(name)
        key = NAME_ALIASES.get(key, key)
        return self.names.get(key)
