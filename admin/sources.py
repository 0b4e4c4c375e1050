"""Every source's status with the official page to download its latest release from; the snapshot's versions and
rollback."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kpi.core.versions import VERSION_COLUMNS
from kpi.model.source_status import status_table
from kpi.storage.snapshots import BUNDLED, ROLLBACK, VersionInfo
from loaders import registry

HISTORY_COLUMNS = [*VERSION_COLUMNS, "sha256", "sources", "note"]


def source_table(sources: pd.DataFrame, observations: pd.DataFrame, log: dict) -> pd.DataFrame:
    """status_table (release, retrieved, coverage, last attempt) with each source's official page and how it is
    updated, from a snapshot's sources.csv and observations and the back end's status log."""
    official = sources[sources["kind"] != "council"]  # council-supplied figures are updated by uploads
    table = status_table(official, observations, log)
    pages = dict(zip(sources["source_id"], sources["url"]))
    table["page"] = table["source_id"].map(lambda s: pages.get(s) or None)
    table["updated_by"] = table["source_id"].map(_how)
    return table


def _how(source_id: str) -> str:
    entry = registry.BY_ID.get(source_id)
    if entry is None:
        return "bundled only"
    if entry.kind == "manual":
        return "import a downloaded file"
    return "refresh or import" if entry.default else "refresh when chosen, or import"


def history(snapshots) -> pd.DataFrame:
    """Every version kept, newest first, with who made it, when, and from which file."""
    rows = [v.as_dict() for v in snapshots.versions()]
    return pd.DataFrame(rows, columns=[*HISTORY_COLUMNS, "parent", "base", "restores"])[HISTORY_COLUMNS]


def current(snapshots) -> VersionInfo:
    return snapshots.info(snapshots.head())


def rollback_target(info: VersionInfo) -> int:
    """The version a rollback would restore (0: none): the one the current content was built on."""
    return info.base


def describe(info: VersionInfo) -> str:
    """A version in words."""
    if info.kind == BUNDLED:
        return f"version {info.version_id}: the bundled snapshot"
    if info.kind == ROLLBACK:
        return f"version {info.version_id}: a rollback to version {info.restores} by {info.created_by}"
    what = info.file_name or info.sources.replace(";", ", ")
    return f"version {info.version_id}: {info.kind} of {what} by {info.created_by} on {info.created_at[:10]}"


def rollback(snapshots, *, who: str, now: dt.datetime) -> VersionInfo:
    """A new version restoring the previous one (SnapshotError says why not)."""
    return snapshots.rollback(who=who, at=now.isoformat(timespec="seconds"))
