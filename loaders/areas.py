"""The area catalogue: built from mySociety's lookup for the bundled snapshot, and looked up by the loaders
(GSS codes, former codes, MHCLG E-codes and names -> current GSS code).

Names go through the project's one council-name matcher (kpi.core.names), so a publisher's spelling is read the
same way here as in the picker, the command line and officers' uploads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi.core.names import NameIndex

COUNCIL_TYPES = {
    "LBO": "london_borough",
    "MD": "metropolitan_district",
    "UA": "unitary",
    "CTY": "county",
    "NMD": "shire_district",
    "CC": "city_of_london",  # mySociety types the City as "City corporation": mapped explicitly (PROVENANCE note)
}
# Councils that existed on or after this date are in the catalogue ("every English council since 2010").
CATALOGUE_FROM = "2010-04-01"


def build_areas(candidates: Path) -> pd.DataFrame:
    """Every English council since April 2010, keyed by GSS code, with successor and predecessor links."""
    raw = pd.read_csv(candidates / "la-lookup-mysociety" / "uk_local_authorities.csv", dtype=str)
    eng = raw[(raw["nation"] == "England") & raw["local-authority-type"].isin(COUNCIL_TYPES)].copy()
    eng = eng[eng["end-date"].isna() | (eng["end-date"] >= CATALOGUE_FROM)]
    by_short = dict(zip(raw["local-authority-code"], raw["gss-code"]))

    def codes(cell: object) -> str:
        if not isinstance(cell, str) or not cell.strip():
            return ""
        return ";".join(sorted(by_short[c.strip()] for c in cell.split(",") if c.strip() in by_short))

    areas = pd.DataFrame(
        {
            "area_code": eng["gss-code"],
            "area_name": eng["nice-name"],
            "official_name": eng["official-name"],
            "area_type": eng["local-authority-type"].map(COUNCIL_TYPES),
            "region": eng["region"].fillna(""),
            "start_date": eng["start-date"].fillna(""),
            "end_date": eng["end-date"].fillna(""),
            "successor_codes": eng["replaced-by"].map(codes),
            "former_codes": eng["former-gss-codes"].fillna("").str.replace(",", ";"),
            "county_code": eng["county-la"].map(lambda c: by_short.get(c, "") if isinstance(c, str) else ""),
            "ecode": eng["ecode"].fillna(""),
            "current": eng["end-date"].isna(),
        }
    )
    # A council replaced by itself (a code change) is not a reorganisation: mySociety lists those as former codes.
    preds: dict[str, list[str]] = {}
    for code, succ in zip(areas["area_code"], areas["successor_codes"]):
        for s in filter(None, succ.split(";")):
            preds.setdefault(s, []).append(code)
    areas["predecessor_codes"] = areas["area_code"].map(lambda c: ";".join(sorted(preds.get(c, []))))
    areas["end_date"] = last_days(areas)
    # Regions: counties have no region in some rows; every council's region is that of its districts otherwise.
    missing = areas["region"] == ""
    if missing.any():
        by_county = areas[areas["county_code"] != ""].groupby("county_code")["region"].first()
        areas.loc[missing, "region"] = areas.loc[missing, "area_code"].map(by_county).fillna("")
    # Abolished councils without a region take their successor's (reorganisations stayed within regions).
    region = dict(zip(areas["area_code"], areas["region"]))
    missing = areas["region"] == ""
    areas.loc[missing, "region"] = areas.loc[missing, "successor_codes"].map(
        lambda s: region.get(s.split(";")[0], "") if s else ""
    )
    return areas.sort_values("area_code").reset_index(drop=True)


def last_days(areas: pd.DataFrame) -> pd.Series:
    """Each council's end date as the last day it existed. mySociety gives 31 March for the councils abolished in
    2019 and 2020 but vesting day itself (1 April) for those abolished in 2021 and 2023: an end date that is a
    successor's first day becomes the day before."""
    starts = dict(zip(areas["area_code"], areas["start_date"]))

    def last(end: str, successors: str) -> str:
        firsts = {starts.get(s, "") for s in successors.split(";") if s}
        return (dt.date.fromisoformat(end) - dt.timedelta(days=1)).isoformat() if end and end in firsts else end

    return pd.Series(list(map(last, areas["end_date"], areas["successor_codes"])), index=areas.index, dtype=object)


def code_map(areas: pd.DataFrame) -> dict[str, str]:
    """Former GSS codes of a council whose code changed without a boundary change -> its current code."""
    mapping = {}
    for code, former in zip(areas["area_code"], areas["former_codes"].fillna("")):
        for old in filter(None, str(former).split(";")):
            mapping[old.strip()] = code
    return mapping


@dataclass
class AreaLookup:
    codes: set[str]
    former: dict[str, str] = field(default_factory=dict)  # former GSS code -> current code
    ecodes: dict[str, str] = field(default_factory=dict)  # MHCLG E-code -> GSS code
    names: NameIndex = field(default_factory=lambda: NameIndex([]))  # display and official names -> code
    starts: dict[str, str] = field(default_factory=dict)  # GSS code -> start date (ISO) where known

    @classmethod
    def from_frame(cls, areas: pd.DataFrame) -> AreaLookup:
        former = code_map(areas)
        ecodes = {str(e): c for e, c in zip(areas["ecode"].fillna(""), areas["area_code"]) if e}
        starts = {c: str(d) for c, d in zip(areas["area_code"], areas["start_date"].fillna("")) if d}
        names = NameIndex.from_areas(areas.fillna({"area_name": "", "official_name": ""}))
        return cls(codes=set(areas["area_code"]), former=former, ecodes=ecodes, names=names, starts=starts)

    @classmethod
    def from_dir(cls, data_dir: Path) -> AreaLookup:
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
