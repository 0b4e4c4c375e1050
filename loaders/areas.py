"""The area catalogue as loaders need it: GSS codes, former codes, MHCLG E-codes and names -> current GSS code.

Names go through the project's one council-name matcher (kpi.core.names), so a publisher's spelling is read the
same way here as in the picker, the command line and officers' uploads.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi.core.names import NameIndex


@dataclass
class AreaLookup:
    codes: set[str]
    former: dict[str, str] = field(default_factory=dict)    # former GSS code -> current code
    ecodes: dict[str, str] = field(default_factory=dict)    # MHCLG E-code -> GSS code
    names: NameIndex = field(default_factory=lambda: NameIndex([]))   # display and official names -> code
    starts: dict[str, str] = field(default_factory=dict)    # GSS code -> start date (ISO) where known

    @classmethod
    def from_frame(cls, areas: pd.DataFrame) -> "AreaLookup":
        codes = set(areas["area_code"])
        former: dict[str, str] = {}
        for code, cell in zip(areas["area_code"], areas["former_codes"].fillna("")):
            for old in filter(None, str(cell).split(";")):
                former[old.strip()] = code
        ecodes = {str(e): c for e, c in zip(areas["ecode"].fillna(""), areas["area_code"]) if e}
        starts = {c: str(d) for c, d in zip(areas["area_code"], areas["start_date"].fillna("")) if d}
        names = NameIndex.from_areas(areas.fillna({"area_name": "", "official_name": ""}))
        return cls(codes=codes, former=former, ecodes=ecodes, names=names, starts=starts)

    @classmethod
    def from_dir(cls, data_dir: Path) -> "AreaLookup":
        return cls.from_frame(pd.read_csv(Path(data_dir) / "areas.csv", dtype=str, keep_default_na=False))

    def gss(self, code: object, ecode: object = None) -> str | None:
        """A council's current GSS code from a published GSS code (possibly former) or E-code; None if none."""
        text = str(code).strip().upper() if isinstance(code, str) else ""
        text = self.former.get(text, text)
        if text in self.codes:
            return text
        e = str(ecode).strip().upper() if isinstance(ecode, str) else ""
        found = self.ecodes.get(e)
        return found if found in self.codes else None

    def by_name(self, name: str) -> str | None:
        """The council a published name means, or None (the caller lists names it could not place)."""
        return self.names.match(name).code
