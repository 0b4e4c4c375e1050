"""Refresh from the official addresses, one source after another, saying how each went as it goes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kpi.core.schema import SchemaError
from kpi.storage.snapshots import REFRESH, SnapshotError, VersionInfo
from loaders import http, pipeline, registry
from loaders.errors import LoaderError

# (source id, state, message): state is "fetching", "ok" or "failed"; a progress line arrives as "fetching" too.
Progress = Callable[[str, str, str], None]


def refreshable() -> list[str]:
    """The sources `refresh` fetches by default (those with a reviewed address)."""
    return [e.source_id for e in registry.ENTRIES if e.default and e.kind != "manual"]


def by_hand() -> dict[str, str]:
    """Sources with no stable address, and how to get their file."""
    return {e.source_id: e.note for e in registry.ENTRIES if e.kind == "manual"}


@dataclass
class Refreshed:
    version: VersionInfo | None = None  # None: nothing applied
    ok: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # source id -> why
    changes: object = None  # rows added, changed, removed per source and measure


def refresh(
    snapshots, source_ids: list[str], *, who: str, now: dt.datetime, progress: Progress, session=None
) -> Refreshed:
    """Fetch and read each source (one failing never stops the others), then apply those that worked as one new
    version. Offline, each source fails at once with "no network"."""
    session = session or http.make_session()
    snapshot = snapshots.read()
    areas = pipeline.areas_of(snapshot)
    outcomes, failed = [], []
    for sid in source_ids:
        progress(sid, "fetching", "")
        try:
            found = pipeline.fetch_source(session, sid, areas, lambda line, sid=sid: progress(sid, "fetching", line))
            outcomes.extend(found)
            progress(sid, "ok", "; ".join(o.release for o in found if o.release) or "fetched")
        except (LoaderError, SchemaError) as exc:
            failed.append(pipeline.failure(sid, exc))
            progress(sid, "failed", failed[-1].message)
    result = Refreshed(failed={o.source_id: o.message for o in failed})
    obs = None
    if outcomes:
        try:
            change = pipeline.prepare(snapshot, outcomes, now=now, by=pipeline.Provenance(REFRESH, who))
            result.version = pipeline.apply(snapshots, change)
            result.ok, result.changes, obs = (
                sorted({o.source_id for o in outcomes}),
                change.changes,
                change.observations,
            )
        except (SchemaError, SnapshotError) as exc:
            failed.extend(pipeline.Outcome(o.source_id, False, message=f"not applied: {exc}") for o in outcomes)
            result.failed.update({o.source_id: f"not applied: {exc}" for o in outcomes})
            outcomes = []
    pipeline.record(snapshots, outcomes + failed, now=now, obs=obs)
    return result
