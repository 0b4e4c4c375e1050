"""A reorganisation file checked before anything is written: every row with a mistake is refused with its row number
(as a spreadsheet numbers it, the header being row 1), the column, the value and the reason, one line each.

What is refused: a missing or unknown column; a successor code that is blank (the next free provisional code is
named), not a code, of another type than its class, or already a council's; a former provisional code that is not
one, or beside a successor code that is not ONS's; a blank name or order; a class the dashboard has no code for; a
vesting day that is not a date or differs between a successor's rows; a predecessor that is unknown, already
abolished, begins after vesting day, is listed twice or belongs to another successor too (a county may be shared);
a share for anything but a county, or shares of one county that do not add up to 100% or mix stated and population
shares; a county shared by successors with different vesting days, or abolished while some of its districts go to
no successor.

The file's successors replace those of the same code already in the snapshot; the others stay. The checks run on
that merged set, against the area catalogue as areas.csv holds it (the reorganisations not laid over).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from kpi.core import codes
from kpi.core.successors import BY_POPULATION, COLUMNS, day_before, long_date, stated_share

EXPECTED = ", ".join(COLUMNS)
TYPES = tuple(codes.ENTITY)
SHARE_TOLERANCE = 0.05  # percentage points: shares stated to one decimal place


@dataclass(frozen=True)
class Problem:
    row: int  # as numbered in a spreadsheet (the header is row 1); 0: the file as a whole
    column: str
    value: str
    reason: str

    def line(self) -> str:
        if self.row:
            return f"row {self.row}, {self.column} {self.value!r}: {self.reason}"
        return f"{self.value or 'the file'}: {self.reason}"


def merged(new: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    """The snapshot's rows with the file's successors replacing those of the same code, where they were (new ones
    after them)."""
    given = set(new["successor_code"])
    order = dict.fromkeys([*existing["successor_code"], *new["successor_code"]])
    parts = [(new if code in given else existing).pipe(lambda f, c=code: f[f["successor_code"] == c]) for code in order]
    return pd.concat([p[COLUMNS] for p in parts], ignore_index=True) if parts else existing[COLUMNS]


def check(new: pd.DataFrame, existing: pd.DataFrame, areas: pd.DataFrame) -> list[Problem]:
    """Every problem of the file's rows (none: it may be applied). `new` as read, every cell text."""
    columns = _columns(new)
    if columns:
        return columns
    new = new.assign(**{c: new[c].astype(str).str.strip() for c in COLUMNS})
    new["successor_code"] = new["successor_code"].str.upper()
    new["predecessor_code"] = new["predecessor_code"].str.upper()
    context = _Context(new, merged(new, existing), areas)
    problems = [p for rec in context.rows() for p in context.row_problems(rec)]
    return sorted(problems + context.county_problems(), key=lambda p: p.row)


def _columns(new: pd.DataFrame) -> list[Problem]:
    missing = [c for c in COLUMNS if c not in new.columns]
    unknown = [str(c) for c in new.columns if c not in COLUMNS]
    problems = [Problem(0, c, "", f"has no column {c} (expected the columns {EXPECTED})") for c in missing]
    problems += [Problem(0, c, "", f"has a column {c} that is not one of {EXPECTED}") for c in unknown]
    if not problems and new.empty:
        problems.append(Problem(0, "", "", "has no rows"))
    return problems


def _date(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


class _Context:
    """The file, the merged rows and the catalogue, looked up once."""

    def __init__(self, new: pd.DataFrame, rows: pd.DataFrame, areas: pd.DataFrame):
        self.new, self.all = new, rows
        self.areas = {str(r["area_code"]): r for r in areas.to_dict("records")}
        columns = ["successor_name", "successor_type", "vesting_day"]  # one value per successor: most rows' value
        self.usual = {
            code: {c: Counter(rows[c]).most_common(1)[0][0] for c in columns}
            for code, rows in new.groupby("successor_code")
        }
        self.owners: dict[str, set[str]] = {}
        for successor, code in zip(rows["successor_code"], rows["predecessor_code"]):
            self.owners.setdefault(code, set()).add(successor)
        self.vesting = dict(zip(rows["successor_code"], rows["vesting_day"]))

    def rows(self):
        for i, rec in enumerate(self.new.to_dict("records")):
            yield {**rec, "_row": i + 2}

    def name(self, code: str) -> str:
        rec = self.areas.get(code)
        found = self.all[self.all["successor_code"] == code]
        name = rec["official_name"] if rec is not None else (found["successor_name"].iloc[0] if len(found) else "")
        return f"{' '.join(str(name).split())} ({code})" if name else code

    def row_problems(self, rec: dict) -> list[Problem]:
        found = [*self._successor(rec), *self._predecessor(rec), *self._share(rec)]
        if not rec["order"]:
            found.append(("order", "cite the order that makes the change (its name, SI number and date made)"))
        return [Problem(rec["_row"], col, str(rec[col]), why) for col, why in found]

    def _successor(self, rec: dict) -> list[tuple[str, str]]:
        code, kind, usual = rec["successor_code"], rec["successor_type"], self.usual[rec["successor_code"]]
        found = []
        if kind not in TYPES:
            found.append(("successor_type", f"expected one of {', '.join(TYPES)}"))
        if not code:
            taken = [*self.areas, *self.all["successor_code"]]
            issued = codes.next_provisional(kind, taken)
            found.append(("successor_code", f"give the ONS code, or until ONS issues one a provisional code: {issued}"))
        elif not codes.is_council_code(code):
            found.append(("successor_code", f"expected {codes.CODE_WORDS}"))
        elif codes.is_provisional(code) and kind in TYPES and codes.provisional_entity(code) != codes.ENTITY[kind]:
            found.append(("successor_code", f"a provisional code for a {kind} starts E{codes.ENTITY[kind]}X"))
        elif code in self.areas:
            found.append(("successor_code", f"is already the code of {self.name(code)}, a council that exists"))
        if not rec["successor_name"]:
            found.append(("successor_name", "give the new council's name"))
        if rec["provisional_code"] and not (codes.is_provisional(rec["provisional_code"]) and codes.is_gss(code)):
            why = "blank, or the provisional code (such as E06X00001) a council had before ONS issued successor_code"
            found.append(("provisional_code", why))
        if _date(rec["vesting_day"]) is None:
            found.append(("vesting_day", "expected the day the council takes over as YYYY-MM-DD (e.g. 2027-04-01)"))
        said = {column for column, _ in found}
        for column in ("successor_name", "successor_type", "vesting_day"):
            if rec[column] != usual[column] and column not in said:
                found.append(
                    (column, f"differs from {code}'s other rows ({usual[column]!r}): one successor, one value")
                )
        return found

    def _predecessor(self, rec: dict) -> list[tuple[str, str]]:
        code, successor, vesting = rec["predecessor_code"], rec["successor_code"], _date(rec["vesting_day"])
        area = self.areas.get(code)
        if area is None:
            return [("predecessor_code", "no council has this code")]
        found = []
        if vesting and area["end_date"] and area["end_date"] < day_before(vesting):
            why = f"was abolished: its last day was {long_date(area['end_date'])}"
            found.append(("predecessor_code", f"{self.name(code)} {why}"))
        if vesting and area["start_date"] and area["start_date"] >= vesting:
            why = f"begins on {long_date(area['start_date'])}, not before vesting day: the dates overlap"
            found.append(("predecessor_code", f"{self.name(code)} {why}"))
        if code == successor:
            found.append(("predecessor_code", "a council cannot be its own predecessor"))
        rows = self.new[(self.new["successor_code"] == successor) & (self.new["predecessor_code"] == code)]
        if len(rows) > 1:
            found.append(("predecessor_code", f"{self.name(code)} is listed twice for {successor}"))
        others = sorted(self.owners.get(code, set()) - {successor})
        if others and area["area_type"] != "county":
            names = ", ".join(self.name(o) for o in others)
            found.append(
                ("predecessor_code", f"{self.name(code)} is a predecessor of {names} too: one council, one successor")
            )
        return found

    def _share(self, rec: dict) -> list[tuple[str, str]]:
        cell, area = rec["county_share"], self.areas.get(rec["predecessor_code"])
        if not cell:
            return []
        if area is not None and area["area_type"] != "county":
            return [("county_share", "only a county shared between successors takes a share")]
        try:
            share = stated_share(cell)
        except ValueError:
            return [("county_share", f"expected blank or {BY_POPULATION} (shared by population), or a percentage")]
        if share is not None and not 0 < share <= 100:
            return [("county_share", "a share is a percentage above 0 and at most 100")]
        return []

    def county_problems(self) -> list[Problem]:
        """Each county in the file: shares that add up, one vesting day, and no district left without a successor."""
        found = []
        for rec in self.rows():
            area = self.areas.get(rec["predecessor_code"])
            if area is None or area["area_type"] != "county" or _date(rec["vesting_day"]) is None:
                continue
            found += [Problem(rec["_row"], col, str(rec[col]), why) for col, why in self._county(rec)]
        return found

    def _county(self, rec: dict) -> list[tuple[str, str]]:
        county = rec["predecessor_code"]
        sharing = self.all[self.all["predecessor_code"] == county]
        found = []
        if sharing["vesting_day"].nunique() > 1:
            days = ", ".join(f"{s} on {v}" for s, v in zip(sharing["successor_code"], sharing["vesting_day"]))
            found.append(
                ("vesting_day", f"{self.name(county)} is shared with different vesting days ({days}): they overlap")
            )
        found += self._shares_add_up(county, sharing)
        left = self._districts_left(county, rec["vesting_day"])
        if left:
            names = ", ".join(self.name(c) for c in left)
            found.append(("predecessor_code", f"{self.name(county)} is abolished but {names} go to no successor"))
        return found

    def _shares_add_up(self, county: str, sharing: pd.DataFrame) -> list[tuple[str, str]]:
        try:
            shares = [stated_share(s) for s in sharing["county_share"]]
        except ValueError:
            return []  # said on its row
        stated = [s for s in shares if s is not None]
        if not stated:
            return []
        parts = ", ".join(
            f"{c} {s or BY_POPULATION}" for c, s in zip(sharing["successor_code"], sharing["county_share"])
        )
        if len(stated) < len(shares):
            return [
                ("county_share", f"{self.name(county)} is shared by stated shares and by population at once ({parts})")
            ]
        if abs(sum(stated) - 100) > SHARE_TOLERANCE:
            return [("county_share", f"{self.name(county)}'s shares add up to {sum(stated):g}%, not 100% ({parts})")]
        return []

    def _districts_left(self, county: str, vesting: str) -> list[str]:
        eve = day_before(vesting)
        districts = [
            code
            for code, rec in self.areas.items()
            if rec["county_code"] == county
            and rec["start_date"] <= eve
            and (not rec["end_date"] or rec["end_date"] >= eve)
        ]
        return [c for c in districts if c not in self.owners]
