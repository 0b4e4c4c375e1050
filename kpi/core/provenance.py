"""Where a figure comes from: official sources, figures derived from them, or a council's upload.

Source ids are the `source_id` column of every observation: an official source's id from data/sources.csv,
"derived:<input ids joined by +>" for a ratio calculated from official figures, "combined:<input ids joined by +>"
for a reorganised council's figure before vesting day (its predecessor councils' official figures combined), or
"upload:<version>" for a figure a council supplied (the version of the upload it came from). Council-supplied
figures are never official: they are drawn, labelled and exported as such, and never replace an official figure.
"""

from __future__ import annotations

from enum import StrEnum

UPLOAD = "upload"
UPLOAD_PREFIX = UPLOAD + ":"
DERIVED = "derived"
DERIVED_PREFIX = DERIVED + ":"
COMBINED = "combined"  # the sources.csv row describing predecessor councils' figures combined
COMBINED_PREFIX = COMBINED + ":"
CALCULATED = (DERIVED, COMBINED)  # rows the snapshot builder recalculates from the official ones
COUNCIL_SOURCE = "council_supplied"  # the sources.csv row describing every council-supplied figure
COUNCIL_LABEL = "(council-supplied)"  # how a council-supplied figure or line is labelled wherever it travels


class Supplied(StrEnum):
    """Which observations a series is drawn from."""

    BEST = "best"  # the preferred source: official first, council-supplied filling years none covers
    OFFICIAL = "official"  # official sources only
    COUNCIL = "council"  # council-supplied uploads only


def upload_source(version_id: int) -> str:
    return f"{UPLOAD_PREFIX}{int(version_id)}"


def is_upload_source(source_id: object) -> bool:
    return str(source_id).startswith(UPLOAD_PREFIX)


def upload_version(source_id: str) -> int:
    return int(str(source_id).removeprefix(UPLOAD_PREFIX))


def source_base(source_id: object) -> str:
    """The sources.csv row behind a source id: "upload:7" -> council_supplied, "derived:a+b" -> derived."""
    base = str(source_id).split(":", 1)[0]
    return COUNCIL_SOURCE if base == UPLOAD else base


def combined_source(input_ids) -> str:
    """The source id of predecessors' figures combined: "combined:<their official sources, sorted, joined by +>"."""
    return COMBINED_PREFIX + "+".join(sorted({i for sid in input_ids for i in (derived_inputs(sid) or (str(sid),))}))


def is_calculated(source_id: object) -> bool:
    """A derived ratio or a combined figure: recalculated whenever the snapshot is built, never stored as official."""
    return str(source_id).split(":", 1)[0] in CALCULATED


def is_combined(source_id: object) -> bool:
    """Predecessor councils' figures combined, or a ratio calculated from such figures."""
    return COMBINED_PREFIX in str(source_id)


def derived_inputs(source_id: object) -> tuple[str, ...]:
    """The official sources a derived ratio or combined figure rests on ("derived:a+b" -> ("a", "b"),
    "derived:combined:a+b" -> ("a", "b"), "combined:a+b" -> ("a", "b")); () for an official or uploaded figure."""
    base, _, inputs = str(source_id).partition(":")
    if base not in CALCULATED:
        return ()
    return tuple(dict.fromkeys(s.removeprefix(COMBINED_PREFIX) for s in inputs.split("+") if s))
