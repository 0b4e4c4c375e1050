"""Reorganisations on the Data sources page: a reorganisation file checked and previewed, then applied as a snapshot
version (rolled back like any other); a council's provisional code recoded to the one ONS issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpi.core.catalogue import Catalogue
from kpi.core.codes import is_provisional
from kpi.core.successor_checks import Problem
from kpi.storage.db import Database
from kpi.storage.snapshots import VersionInfo
from loaders import pipeline, reorganisations
from loaders.reorganisations import Refused

MAX_BYTES = 1024 * 1024  # a reorganisation file is a few dozen rows
TABLE_COLUMNS = ["successor_code", "successor_name", "successor_type", "vesting_day", "predecessor", "county_share"]


@dataclass(frozen=True)
class Preview:
    file_name: str
    sha256: str
    found: reorganisations.Imported

    @property
    def parent(self) -> int:
        return self.found.change.parent

    @property
    def lines(self) -> list[str]:
        return reorganisations.describe(self.found)

    @property
    def nothing_to_change(self) -> bool:
        return self.found.unchanged and self.found.change.changes.empty


def preview(snapshots, content: bytes, file_name: str, *, who: str, now: dt.datetime) -> Preview:
    """The file checked row by row against the current version and worked out as the next (Refused otherwise)."""
    if len(content) > MAX_BYTES:
        raise Refused([Problem(0, "", file_name, "is larger than 1 MB: no reorganisation file is")])
    sha = pipeline.sha256(content)
    by = pipeline.Provenance(reorganisations.REORGANISATION, who, file_name=file_name, sha256=sha)
    return Preview(file_name, sha, reorganisations.prepare(snapshots.read(), content, file_name, now=now, by=by))


def apply(snapshots, preview: Preview) -> VersionInfo:
    """Write the previewed version; SnapshotError (VersionConflict, Busy) if the snapshot moved on or is busy."""
    return reorganisations.write(snapshots, preview.found.change)


def recode(snapshots, database: Database, provisional: str, official: str, *, who: str, now: dt.datetime):
    """What each step of the recode did, a line each (Refused, StoreError or SnapshotError say why not)."""
    return reorganisations.recode(snapshots, database, provisional, official, who=who, now=now)


def table(catalogue: Catalogue) -> pd.DataFrame:
    """The reorganisations the snapshot holds, predecessors by name, for the page."""
    rows = catalogue.reorganisations.copy()
    rows["predecessor"] = [f"{catalogue.area_name(c)} ({c})" for c in rows["predecessor_code"]]
    return rows[[*TABLE_COLUMNS, "order"]]


def provisional(catalogue: Catalogue) -> dict[str, str]:
    """Councils still under a provisional code, by code, named."""
    return {c: catalogue.area_name(c) for c in catalogue.successors if is_provisional(c)}


__all__ = ["MAX_BYTES", "Preview", "Refused", "apply", "preview", "provisional", "recode", "table"]
