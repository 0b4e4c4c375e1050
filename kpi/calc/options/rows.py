"""Options as rows, `option, proposed_council, area_code[, share]`: one row a council in a proposed council.

The same rows come from an options file, from the page's editor and from a link; `read_rows` turns them into an
option set or refuses them whole, each problem with its row and reason, so a bad file changes nothing. A share is a
percentage of the council: blank for a council whole, or for a county shared by the population of its districts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from kpi.calc.options.model import MAX_NAME, MAX_OPTIONS, MAX_PROPOSED, WHOLE, Option, OptionSet, Part, Proposed
from kpi.core.catalogue import Catalogue, UnknownError
from kpi.core.functions import SHIRE_DISTRICT
from kpi.core.schema import Problem

COLUMNS = ("option", "proposed_council", "area_code", "share")
ROW = "row"  # each row's number as the person sees it
MAX_ROWS = 1_000
TOLERANCE = 0.05  # percentage points the shares of one council may miss 100 by (rounding)
SEPARATOR = "|"  # separates the parts of an option in a link, so never part of a name


class OptionsRefused(ValueError):
    """Rows that cannot be options; nothing was changed. `problems` names each row and the reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"the options were refused: {len(problems)} problem(s)")
        self.problems = problems


def _name(value: object, row: int, column: str, found: list[Problem]) -> str:
    text = " ".join(str(value if value is not None else "").split())
    if not text:
        found.append(Problem(row, column, "", f"a name for the {column.replace('_', ' ')}"))
    elif len(text) > MAX_NAME or SEPARATOR in text:
        found.append(Problem(row, column, text[:MAX_NAME], f"a name of at most {MAX_NAME} characters, without '|'"))
    return text


def _code(catalogue: Catalogue, value: object, row: int, found: list[Problem]) -> str:
    given = str(value if value is not None else "").strip()
    try:
        code = catalogue.resolve_area(given)
    except UnknownError as exc:
        found.append(Problem(row, "area_code", given[:40], f"an ONS code of a current council ({exc})"))
        return ""
    record = catalogue.area_records[code]
    if not record["current"]:
        after = ", ".join(catalogue.area_name(c) for c in str(record["successor_codes"]).split(";") if c)
        why = f"{catalogue.area_name(code)} ended on {record['end_date']}" + (f" (now {after})" if after else "")
        found.append(Problem(row, "area_code", given[:40], f"a current council: {why}"))
        return ""
    return code


def _share(value: object, row: int, found: list[Problem]) -> float | None:
    text = str(value if value is not None else "").strip().removesuffix("%").strip()
    if text in ("", "nan", "None"):
        return None
    try:
        share = float(text)
    except ValueError:
        share = math.nan
    if not (0 < share <= WHOLE):
        found.append(Problem(row, "share", str(value)[:20], "a percentage above 0 and at most 100, or blank"))
        return None
    return share


def read_rows(
    catalogue: Catalogue, rows: Sequence[Mapping], *, columns: Sequence[str] = COLUMNS, area: tuple[str, ...] = ()
) -> OptionSet:
    """The option set the rows describe (each row a mapping of COLUMNS and ROW), or OptionsRefused."""
    missing = [c for c in COLUMNS[:3] if c not in columns]
    if missing:
        raise OptionsRefused([Problem(None, c, "", f"a column headed {c}") for c in missing])
    if not rows or len(rows) > MAX_ROWS:
        raise OptionsRefused([Problem(None, "", len(rows), f"between 1 and {MAX_ROWS:,} rows")])
    found: list[Problem] = []
    groups: dict[str, dict[str, list[tuple[int, Part]]]] = {}
    for given in rows:
        row = int(given.get(ROW, 0) or 0)
        option = _name(given.get("option"), row, "option", found)
        proposed = _name(given.get("proposed_council"), row, "proposed_council", found)
        code, share = _code(catalogue, given.get("area_code"), row, found), _share(given.get("share"), row, found)
        if option and proposed and code:
            groups.setdefault(option, {}).setdefault(proposed, []).append((row, Part(code, share)))
    found += _limits(groups)
    for option, proposed in groups.items():
        found += _parts(catalogue, option, proposed)
    if found:
        raise OptionsRefused(sorted(found, key=lambda p: (p.row or 0, p.column)))
    return OptionSet(area, tuple(_option(catalogue, name, proposed) for name, proposed in groups.items()))


def _limits(groups: dict) -> list[Problem]:
    found = []
    for i, (option, proposed) in enumerate(groups.items()):
        first = min(row for parts in proposed.values() for row, _ in parts)
        if i == MAX_OPTIONS:
            found.append(Problem(first, "option", option, f"at most {MAX_OPTIONS} options"))
        if len(proposed) > MAX_PROPOSED:
            found.append(Problem(first, "proposed_council", option, f"at most {MAX_PROPOSED} in one option"))
    return found


def _parts(catalogue: Catalogue, option: str, proposed: dict[str, list[tuple[int, Part]]]) -> list[Problem]:
    """A council once in a proposed council; a district whole; a council's stated shares in one option all given
    or none, adding up to 100."""
    found = []
    rows_of: dict[str, list[tuple[int, Part]]] = {}
    for parts in proposed.values():
        seen = set()
        for row, part in parts:
            if part.code in seen:
                found.append(Problem(row, "area_code", part.code, "each council once in a proposed council"))
            seen.add(part.code)
            rows_of.setdefault(part.code, []).append((row, part))
    for code, held in rows_of.items():
        name, shares = catalogue.area_name(code), [p.share for _, p in held]
        stated = [s for s in shares if s is not None]
        if catalogue.area_class(code) == SHIRE_DISTRICT:
            if any(s != WHOLE for s in stated):
                found.append(
                    Problem(held[0][0], "share", f"{stated[0]:g}", f"no share: {name} is a district, which goes whole")
                )
        elif stated and len(stated) < len(shares):
            found.append(Problem(held[0][0], "share", "", f"a share on every row of {name} in {option!r}, or none"))
        elif stated and abs(sum(stated) - WHOLE) > TOLERANCE:
            found.append(_not_whole(catalogue, option, code, held, sum(stated)))
    return found


def _not_whole(catalogue: Catalogue, option: str, code: str, held: list, total: float) -> Problem:
    name = catalogue.area_name(code)
    if len(held) == 1:
        return Problem(held[0][0], "share", f"{total:g}", f"100 or no share: {name} is whole in {option!r}")
    return Problem(held[-1][0], "share", f"{total:g}", f"shares of {name} in {option!r} adding up to 100%")


def _option(catalogue: Catalogue, name: str, proposed: dict[str, list[tuple[int, Part]]]) -> Option:
    """The option, with no share on a council it holds whole or on a district (which goes whole)."""
    counts: dict[str, int] = {}
    for parts in proposed.values():
        for _, part in parts:
            counts[part.code] = counts.get(part.code, 0) + 1

    def part(p: Part) -> Part:
        whole = counts[p.code] == 1 or catalogue.area_class(p.code) == SHIRE_DISTRICT
        return Part(p.code, None if whole else p.share)

    return Option(
        name, tuple(Proposed(council, tuple(part(p) for _, p in parts)) for council, parts in proposed.items())
    )


def to_rows(options: OptionSet) -> list[dict]:
    """The option set as rows of COLUMNS (share blank where none is stated), for a file or the editor."""
    return [
        {"option": o.name, "proposed_council": p.name, "area_code": part.code, "share": _shown(part.share)}
        for o, p in options.proposed
        for part in p.parts
    ]


def _shown(share: float | None) -> str:
    return "" if share is None else re.sub(r"\.0+$", "", f"{share:.4f}".rstrip("0"))
