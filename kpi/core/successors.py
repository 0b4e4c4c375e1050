"""Reorganisations as data: the councils a structural changes order creates, declared in the snapshot's
reorganisations.csv and laid over the area catalogue.

One row per successor and predecessor, citing the order:

    successor_code    the ONS code, or a provisional code the dashboard issued (kpi.core.codes: E06X00001)
    successor_name    the new council's name
    successor_type    unitary, shire_district or county (its type, and so its class of functions)
    vesting_day       the day it takes over (ISO date); its predecessors' last day is the day before
    predecessor_code  a council it replaces, whole, or a county it shares with other successors
    county_share      for a shared county only: blank or "population" (shared by population, the default), or the
                      successor's stated share in percent (the shares of one county add up to 100)
    provisional_code  the provisional code it had before ONS issued successor_code ("" if none)
    order             the order that makes the change (name, SI number, date made)

The catalogue takes the rows as it takes areas.csv: the successor becomes a council from the day it is added (a
*shadow council* until vesting day), its predecessors get their last day and their successor, and they stay
current until vesting day. What today is comes from the caller (the app and the command lines read the clock);
with no day given, every vesting day in the file is still to come. The rows are checked before they are written
(kpi.core.successor_checks).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from kpi.core.codes import PROVISIONAL

COLUMNS = [
    "successor_code",
    "successor_name",
    "successor_type",
    "vesting_day",
    "predecessor_code",
    "county_share",
    "provisional_code",
    "order",
]
BY_POPULATION = "population"


@dataclass(frozen=True)
class Successor:
    code: str
    name: str
    area_type: str
    vesting: str  # ISO date
    predecessors: tuple[str, ...]
    shares: tuple[tuple[str, float | None], ...]  # (county shared, the stated % or None: by population)
    provisional_code: str  # the code it had before ONS issued its own ("" if none)
    order: str


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS, dtype=str)


def read_table(source) -> pd.DataFrame:
    """reorganisations.csv (a path or a file object) as text, every column present."""
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    return table.reindex(columns=COLUMNS, fill_value="")


def stated_share(cell: object) -> float | None:
    """A county_share cell: None for "" or "population" (shared by population); ValueError for anything else but a
    percentage ("48.5" or "48.5%")."""
    text = str(cell or "").strip().lower()
    if text in ("", BY_POPULATION):
        return None
    return float(text.removesuffix("%").strip())


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def shadow_label(vesting: str) -> str:
    return f"shadow council, takes over on {long_date(vesting)}"


def area_label(rec: dict, status: str = "") -> str:
    """A council as pickers list it: "Name (code)", a provisional code marked as such, "– abolished 2023", or its
    status ("– shadow council, takes over on 1 April 2027")."""
    code = rec["area_code"]
    label = f"{rec['area_name']} ({code}{', provisional code' if PROVISIONAL.match(code) else ''})"
    if status:
        return f"{label} – {status}"
    if not rec["current"]:
        label += f" – abolished {rec['end_date'][:4]}" if rec["end_date"] else " – abolished"
    return label


def successors(table: pd.DataFrame) -> tuple[Successor, ...]:
    """The successors the rows declare, in the order of the file (the rows are assumed checked)."""
    out = []
    for code, rows in table.groupby("successor_code", sort=False):
        first = rows.iloc[0]
        shares = tuple((str(p), stated_share(s)) for p, s in zip(rows["predecessor_code"], rows["county_share"]) if s)
        out.append(
            Successor(
                code=str(code),
                name=str(first["successor_name"]),
                area_type=str(first["successor_type"]),
                vesting=str(first["vesting_day"]),
                predecessors=tuple(dict.fromkeys(rows["predecessor_code"])),
                shares=shares,
                provisional_code=str(first["provisional_code"]),
                order=str(first["order"]),
            )
        )
    return tuple(out)


def _codes(cell: object) -> list[str]:
    return [c for c in str(cell or "").split(";") if c]


def _joined(*cells: object, more: tuple[str, ...] = ()) -> str:
    return ";".join(sorted({c for cell in cells for c in _codes(cell)} | set(filter(None, more))))


def overlay(areas: pd.DataFrame, table: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """The area catalogue (`current` as booleans) with each successor a council and its predecessors ending the day
    before vesting day, current until then. Laying the same rows over the result again changes nothing."""
    if table is None or table.empty:
        return areas
    records = {str(r["area_code"]): r for r in areas.to_dict("records")}
    for successor in successors(table):
        last_day = day_before(successor.vesting)
        for code in successor.predecessors:
            rec = records.get(code)
            if rec is None:
                continue
            rec["end_date"] = rec["end_date"] or last_day
            rec["successor_codes"] = _joined(rec["successor_codes"], more=(successor.code,))
            rec["current"] = today is None or today.isoformat() <= rec["end_date"]
        records[successor.code] = _successor_row(successor, records)
    return pd.DataFrame(list(records.values()), columns=areas.columns)


def _successor_row(successor: Successor, records: dict[str, dict]) -> dict:
    parts = [records[c] for c in successor.predecessors if c in records]
    lower = [r for r in parts if r["area_type"] != "county"] or parts
    counties = {r["county_code"] for r in lower}
    known = records.get(successor.code, {})
    return {
        "area_code": successor.code,
        "area_name": successor.name,
        "official_name": known.get("official_name") or successor.name,
        "area_type": successor.area_type,
        "region": lower[0]["region"] if lower else "",
        "start_date": successor.vesting,
        "end_date": "",
        "successor_codes": "",
        "former_codes": _joined(known.get("former_codes"), more=(successor.provisional_code,)),
        "county_code": counties.pop() if successor.area_type == "shire_district" and len(counties) == 1 else "",
        "ecode": known.get("ecode", ""),
        "current": True,
        "predecessor_codes": ";".join(successor.predecessors),
    }


class Reorganised:
    """What a catalogue knows of the councils reorganisations.csv declares (mixed into kpi.core.catalogue)."""

    areas: pd.DataFrame
    reorganisations: pd.DataFrame
    today: dt.date | None
    current_codes: tuple[str, ...]

    @functools.cached_property
    def successors(self) -> dict[str, Successor]:
        return {s.code: s for s in successors(self.reorganisations)}

    @functools.cached_property
    def former(self) -> dict[str, str]:
        """A council's former codes (a provisional code ONS has since replaced, a code changed without a boundary
        change) -> its code now."""
        pairs = zip(self.areas["area_code"], self.areas["former_codes"])
        return {old: str(code) for code, cell in pairs for old in _codes(cell) if old not in self.areas.index}

    def canonical(self, code: object) -> str | None:
        """The code a council has now, from its code or a former one (None for any other text)."""
        text = str(code or "").strip().upper()
        return text if text in self.areas.index else self.former.get(text)

    def shadow_until(self, code: str) -> str:
        """The vesting day of a council declared in reorganisations.csv that has not taken over yet ("" otherwise)."""
        found = self.successors.get(code)
        if found is None or (self.today is not None and self.today.isoformat() >= found.vesting):
            return ""
        return found.vesting

    @functools.cached_property
    def operating_codes(self) -> tuple[str, ...]:
        """Current councils that have taken over (shadow councils left out): whom same type, region and England
        comparator groups hold."""
        return tuple(c for c in self.current_codes if not self.shadow_until(c))

    def status_label(self, code: str) -> str:
        """ "shadow council, takes over on 1 April 2027" until vesting day, "" otherwise."""
        vesting = self.shadow_until(code)
        return shadow_label(vesting) if vesting else ""

    def county_shares(self) -> dict[tuple[str, str], float]:
        """(successor, county) -> the stated share in percent, where a county is not shared by population."""
        return {(s.code, c): v for s in self.successors.values() for c, v in s.shares if v is not None}
