"""Refresh and import: fetch or read, parse, validate, show the change, write atomically, keep the previous snapshot.

Every source is handled on its own: one failing source is named with its reason and the others are still applied.
Nothing is written unless the merged snapshot validates; the files that are about to change are first kept for
`rollback` (history.py). Attempts (ok or failed) are logged in data/local/source_status.json, runtime state kept
apart from the snapshot itself.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.data.derived import add_derived
from kpi.data.store import DEFLATORS, NEIGHBOURS, OBSERVATIONS, SNAPSHOT, read_observations
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, merge
from loaders.errors import LayoutChanged, LoaderError, NotThisSource
from loaders.files import atomic_write_bytes, frame_bytes, sort_observations, summary
from loaders.history import SOURCES_FILE, keep_previous, locked, prune, restore
from loaders.sources import recognise, source_for

STATUS = Path("local") / "source_status.json"
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


# --------------------------------------------------------------------------------------------- merging


def diff(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, changed and removed per source and metric (derived ratios included)."""
    keys = S.KEY
    a = old.set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    b = new.set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    joined = a.join(b, how="outer", lsuffix="_old", rsuffix="_new")
    added = joined["value_old"].isna() & joined["status_old"].isna() & joined["value_new"].notna()
    removed = joined["value_new"].isna() & joined["status_new"].isna() & joined["value_old"].notna()
    both = ~added & ~removed
    changed = both & (
        (joined["value_old"].round(4) != joined["value_new"].round(4))
        | (joined["status_old"] != joined["status_new"])
        | (joined["notes_old"] != joined["notes_new"])
    )
    flags = pd.DataFrame({"added": added, "changed": changed, "removed": removed}).astype(int)
    flags = flags[flags.sum(axis=1) > 0].reset_index()
    if flags.empty:
        return pd.DataFrame(columns=[S.SOURCE_ID, S.METRIC_ID, "added", "changed", "removed"])
    return flags.groupby([S.SOURCE_ID, S.METRIC_ID])[["added", "changed", "removed"]].sum().reset_index()


# --------------------------------------------------------------------------------------------- the snapshot


def load_catalogue(data_dir: Path) -> Catalogue:
    return Catalogue.from_dir(data_dir)


def build_snapshot(data_dir: Path, outcomes: list[Outcome]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """(current observations, new observations, {file name: table} for the tables replaced whole);
    SchemaError if the merged table is invalid."""
    catalogue = load_catalogue(data_dir)
    current = read_observations(data_dir / OBSERVATIONS)
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


def coverage(obs: pd.DataFrame, source_id: str) -> dict:
    part = obs[obs[S.SOURCE_ID] == source_id]
    if part.empty:
        return {"councils": 0, "first": "", "last": "", "rows": 0}
    return {
        "councils": int(part[S.AREA_CODE].nunique()),
        "first": str(part[S.PERIOD].min()),
        "last": str(part[S.PERIOD].max()),
        "rows": int(len(part)),
    }


def write(data_dir: Path, outcomes: list[Outcome], *, now: dt.datetime, retrieved: str) -> dict:
    """Write the merged snapshot (atomically, previous kept); returns a summary for the caller."""
    with locked(data_dir):
        return _write(data_dir, outcomes, now=now, retrieved=retrieved)


def _write(data_dir: Path, outcomes: list[Outcome], *, now: dt.datetime, retrieved: str) -> dict:
    current, obs, tables = build_snapshot(data_dir, outcomes)
    changes = diff(current, obs)
    sources = pd.read_csv(data_dir / SOURCES_FILE, dtype=str, keep_default_na=False)
    for outcome in outcomes:
        mask = sources["source_id"] == outcome.source_id
        if outcome.release:
            # Sources bundle several releases (one per year): name the new one alongside, never erase the others.
            sources.loc[mask, "release"] = sources.loc[mask, "release"].map(
                lambda old, new=outcome.release: old if new in old else (f"{old}; {new}" if old else new)
            )
        sources.loc[mask, "retrieved"] = retrieved
    kept = keep_previous(data_dir, now)
    try:
        if not all(o.replaces_table for o in outcomes):
            atomic_write_bytes(data_dir / OBSERVATIONS, frame_bytes(obs))
        for name, table in tables.items():
            atomic_write_bytes(data_dir / name, frame_bytes(table))
        atomic_write_bytes(data_dir / SOURCES_FILE, frame_bytes(sources))
        meta_path = data_dir / SNAPSHOT
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        areas = pd.read_csv(data_dir / "areas.csv", dtype=str, keep_default_na=False)
        meta.update(summary({OBSERVATIONS: obs, "areas.csv": areas}))
        meta["updated"] = now.isoformat(timespec="seconds")
        meta["updated_sources"] = sorted(o.source_id for o in outcomes)
        atomic_write_bytes(meta_path, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
    except BaseException:
        # Each file is replaced atomically; if a later one fails, put the earlier ones back so the set stays whole.
        # Should that fail too, the copies stay in `kept` for `python -m loaders rollback`.
        restore(data_dir, kept)
        shutil.rmtree(kept, ignore_errors=True)
        raise
    prune(data_dir)
    return {"changes": changes, "kept": kept, "observations": obs}


# --------------------------------------------------------------------------------------------- status log


def read_status(data_dir: Path) -> dict:
    path = data_dir / STATUS
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError:
        return {}


def record(data_dir: Path, outcomes: list[Outcome], *, now: dt.datetime, obs: pd.DataFrame | None) -> None:
    status = read_status(data_dir)
    for o in outcomes:
        entry = status.get(o.source_id, {})
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
        status[o.source_id] = entry
    atomic_write_bytes(data_dir / STATUS, (json.dumps(status, indent=2, sort_keys=True) + "\n").encode())


def failure(source_id: str, exc: Exception) -> Outcome:
    message = exc.message if isinstance(exc, LoaderError) else str(exc)
    return Outcome(source_id, False, message=f"{type(exc).__name__}: {message}")
