"""Refresh and import: fetch or read, parse, validate, show the change, write it as a new snapshot version.

Every source is handled on its own: one failing source is named with its reason and the others are still applied.
Nothing is written unless the merged snapshot validates. The snapshot's back end (kpi.storage.snapshots: files, or the
shared PostgreSQL database) writes the new version whole or not at all and keeps the earlier ones for `rollback`.
Attempts (ok or failed) go to the back end's status log, runtime state kept apart from the snapshot itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.model.derived import add_derived
from kpi.storage.snapshots import (
    AREAS,
    DEFLATORS,
    NEIGHBOURS,
    OBSERVATIONS,
    SNAPSHOT,
    SOURCES,
    NewVersion,
    Snapshot,
    VersionConflict,
    VersionInfo,
    frame_bytes,
)
from loaders import registry
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, merge
from loaders.compare import coverage, diff
from loaders.errors import LayoutChanged, LoaderError, NotThisSource
from loaders.files import sort_observations, summary
from loaders.sources import recognise, source_for

TABLE_FILES = {"deflators": DEFLATORS, "neighbours": NEIGHBOURS}  # what a Source's replaces_table may name


@dataclass
class Outcome:
    source_id: str
    ok: bool
    message: str = ""
    rows: pd.DataFrame | None = None  # tidy observations, or the whole table a source replaces
    release: str = ""
    unmatched: list[str] = field(default_factory=list)
    replaces_table: str = ""  # as the source declares: rows replace this table instead of merging


# --------------------------------------------------------------------------------------------- reading files


def read_release(
    content: bytes, filename: str, areas: AreaLookup, *, source_id: str | None = None, release: str = ""
) -> Outcome:
    """Parse and normalise one file; LoaderError propagates to the caller, who records it."""
    sid = source_id or recognise(content, filename)
    source = source_for(sid)
    if source_id:
        try:
            looks_like = source.sniff(content, filename)
        except NotThisSource:
            looks_like = None  # the parser says what it looked for and did not find
        if looks_like and looks_like != sid:
            raise LayoutChanged(sid, f"{filename or 'the file'} is a {looks_like} release, not {sid}")
    parsed = source.parse(content, filename)
    tidy = source.normalise(parsed, areas)
    if tidy.empty:
        raise LayoutChanged(sid, f"{filename or 'the file'} parsed but gave no rows for any council in the catalogue")
    if FILL_ONLY in tidy:
        # A previous-year column may carry notional figures for a council that did not exist yet: not gap-filled.
        ends = tidy[S.PERIOD].map(lambda p: f"{int(p[:4]) + 1}-03-31")
        starts = tidy[S.AREA_CODE].map(lambda c: areas.starts.get(c, ""))
        tidy = tidy[~(tidy[FILL_ONLY].astype(bool) & (starts > ends))]
    return Outcome(
        sid,
        True,
        rows=tidy,
        release=release or parsed.release,
        unmatched=list(parsed.meta.get("unmatched", [])),
        replaces_table=source.replaces_table,
    )


# --------------------------------------------------------------------------------------------- the snapshot


def areas_of(snapshot: Snapshot) -> AreaLookup:
    """The councils a release may name: areas.csv with the councils reorganisations.csv declares (so a release that
    names a new council by the code ONS issued it is read; a provisional code it had maps to that code)."""
    return AreaLookup.from_frame(snapshot.catalogue().areas.reset_index(drop=True))


def build_snapshot(snapshot: Snapshot, outcomes: list[Outcome]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(current observations, new observations, {file name: table} for the tables replaced whole);
    SchemaError if the merged table is invalid."""
    catalogue = snapshot.catalogue()
    current = snapshot.observations
    obs = current
    tables = {}
    for outcome in outcomes:
        if outcome.replaces_table:
            tables[TABLE_FILES[outcome.replaces_table]] = outcome.rows
        else:
            rows = outcome.rows.copy()
            rows[S.VALUE] = rows[S.VALUE].round(4)
            obs = merge(obs, rows)
    if all(o.replaces_table for o in outcomes):
        return current, current, tables
    obs = add_derived(S.coerce(obs), catalogue)
    obs = S.validate(obs, area_codes=set(catalogue.areas["area_code"]), metric_units=catalogue.metric_units())
    obs[S.VALUE] = obs[S.VALUE].round(4)
    return current, sort_observations(obs), tables


@dataclass(frozen=True)
class Change:
    """A new version worked out but not written: what a preview shows and what `apply` writes."""

    parent: int  # the version it was worked out from
    new: NewVersion
    current: pd.DataFrame  # the observations now
    observations: pd.DataFrame  # the observations after
    changes: pd.DataFrame  # rows added, changed, removed per source and metric


@dataclass(frozen=True)
class Provenance:
    """Who asks for a version, and from which file(s): recorded with it."""

    kind: str
    who: str
    file_name: str = ""
    sha256: str = ""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def prepare(snapshot: Snapshot, outcomes: list[Outcome], *, now: dt.datetime, by: Provenance) -> Change:
    """The merged snapshot as a new version of `snapshot` (SchemaError if it fails its checks); nothing written."""
    current, obs, tables = build_snapshot(snapshot, outcomes)
    sources = snapshot.text_table(SOURCES)
    for outcome in outcomes:
        mask = sources["source_id"] == outcome.source_id
        if outcome.release:
            # Sources bundle several releases (one per year): name the new one alongside, never erase the others.
            sources.loc[mask, "release"] = sources.loc[mask, "release"].map(
                lambda old, new=outcome.release: old if new in old else (f"{old}; {new}" if old else new)
            )
        sources.loc[mask, "retrieved"] = now.date().isoformat()
    files = {name: frame_bytes(table) for name, table in tables.items()}
    files[SOURCES] = frame_bytes(sources)
    if not all(o.replaces_table for o in outcomes):
        files[OBSERVATIONS] = frame_bytes(obs)
    meta = snapshot.meta()
    meta.update(summary({OBSERVATIONS: obs, AREAS: snapshot.text_table(AREAS)}))
    meta["updated"] = now.isoformat(timespec="seconds")
    meta["updated_sources"] = sorted(o.source_id for o in outcomes)
    files[SNAPSHOT] = (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode()
    new = NewVersion(
        kind=by.kind,
        created_by=by.who,
        created_at=now.isoformat(timespec="seconds"),
        files=files,
        file_name=by.file_name,
        sha256=by.sha256,
        sources=";".join(sorted({o.source_id for o in outcomes})),
    )
    return Change(snapshot.info.version_id, new, current, obs, diff(current, obs))


def apply(snapshots, change: Change) -> VersionInfo:
    """Write a prepared change as a new version: VersionConflict if another version was written since, Busy if one is
    being written now (nothing is written either way)."""
    return snapshots.write(change.new, parent=change.parent)


def write(snapshots, outcomes: list[Outcome], *, now: dt.datetime, by: Provenance, expected: int | None = None):
    """Prepare and apply in one go (the command line); returns (version, change)."""
    snapshot = snapshots.read()
    if expected is not None and snapshot.info.version_id != expected:
        raise VersionConflict(
            f"the snapshot is now version {snapshot.info.version_id}, not {expected}; nothing was changed"
        )
    change = prepare(snapshot, outcomes, now=now, by=by)
    return apply(snapshots, change), change


# --------------------------------------------------------------------------------------------- status log


def record(snapshots, outcomes: list[Outcome], *, now: dt.datetime, obs: pd.DataFrame | None) -> None:
    """Each source's attempt in the back end's status log (ok or failed, with its message)."""
    log = snapshots.read_log()
    entries = {}
    for o in outcomes:
        entry = dict(log.get(o.source_id, {}))
        entry["last_attempt"] = now.isoformat(timespec="seconds")
        entry["ok"] = o.ok
        entry["message"] = o.message
        if o.ok:
            entry["release"] = o.release
            entry["retrieved"] = now.date().isoformat()
            entry["last_success"] = now.isoformat(timespec="seconds")
            if obs is not None and not o.replaces_table:
                entry["coverage"] = coverage(obs, o.source_id)
            if o.unmatched:
                entry["unmatched_names"] = o.unmatched
        entries[o.source_id] = entry
    snapshots.record_log(entries)


def failure(source_id: str, exc: Exception) -> Outcome:
    message = exc.message if isinstance(exc, LoaderError) else str(exc)
    return Outcome(source_id, False, message=f"{type(exc).__name__}: {message}")


def fetch_source(session, source_id: str, areas: AreaLookup, progress=None) -> list[Outcome]:
    """Every release a source's official address gives now, read and checked (typed errors propagate)."""
    entry = registry.entry(source_id)
    fetched = source_for(source_id).fetch(session, entry, areas, progress)
    return [
        read_release(content, name, areas, source_id=source_id, release=release) for content, name, release in fetched
    ]
