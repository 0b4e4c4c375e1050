"""Council codes: ONS GSS codes, and the provisional codes the dashboard issues to a council formed by a structural
changes order until ONS issues its own.

A GSS code is a letter and eight digits (E06000066). A provisional code keeps the GSS code's nine characters and its
entity prefix (E06 for a unitary, E07 a shire district, E10 a county) but puts an X where ONS always has a digit:
E06X00001. So it fits every column a code goes in, sorts beside the councils of its kind, and can never be a real
GSS code; whoever reads it knows at a glance that ONS has not issued the council's code yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GSS = re.compile(r"^[EWSN]\d{8}$")
PROVISIONAL = re.compile(r"^E(\d{2})X(\d{5})$")
ENTITY = {  # the GSS entity prefix of each council type
    "unitary": "06",
    "shire_district": "07",
    "metropolitan_district": "08",
    "london_borough": "09",
    "county": "10",
}
PROVISIONAL_EXAMPLE = "E06X00001"
CODE_WORDS = f"an ONS GSS code (such as E09000002) or a provisional code (such as {PROVISIONAL_EXAMPLE})"


def clean(code: object) -> str:
    return str(code or "").strip().upper()


def is_gss(code: object) -> bool:
    return bool(GSS.match(clean(code)))


def is_provisional(code: object) -> bool:
    return bool(PROVISIONAL.match(clean(code)))


def is_council_code(code: object) -> bool:
    """A code in either form (whether any council has it is the catalogue's question)."""
    return is_gss(code) or is_provisional(code)


def provisional_entity(code: object) -> str:
    """The entity prefix of a provisional code ("06"), or "" for any other text."""
    match = PROVISIONAL.match(clean(code))
    return match.group(1) if match else ""


def next_provisional(area_type: str, taken: Iterable[str]) -> str:
    """The next provisional code for a council of this type that no council has yet (E06X00001, E06X00002, ...)."""
    entity = ENTITY.get(area_type, "06")
    numbers = [int(m.group(2)) for m in map(PROVISIONAL.match, map(clean, taken)) if m and m.group(1) == entity]
    return f"E{entity}X{max(numbers, default=0) + 1:05d}"
