"""Where a figure comes from: official sources, figures derived from them, or a council's upload.

Source ids are the `source_id` column of every observation: an official source's id from data/sources.csv,
"derived:<input ids joined by +>" for a ratio calculated from official figures, or "upload:<version>" for a figure
a council supplied (the version of the upload it came from). Council-supplied figures are never official: they are
drawn, labelled and exported as such, and never replace an official figure.
"""

from __future__ import annotations

from enum import StrEnum

UPLOAD = "upload"
UPLOAD_PREFIX = UPLOAD + ":"
DERIVED = "derived"
DERIVED_PREFIX = DERIVED + ":"
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


def derived_inputs(source_id: object) -> tuple[str, ...]:
    """The official sources a derived ratio was calculated from ("derived:a+b" -> ("a", "b")); () otherwise."""
    base, _, inputs = str(source_id).partition(":")
    return tuple(s for s in inputs.split("+") if s) if base == DERIVED else ()
