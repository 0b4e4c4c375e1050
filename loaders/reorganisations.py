"""Reorganisations as data, written as snapshot versions: a reorganisation file imported (checked row by row, nothing
written if any row is refused), and a provisional code recoded to the one ONS issued.

Either way the new version carries reorganisations.csv with the change, the observations with every reorganised
council's combined history worked out again (kpi.model.derived, as a build does), and snapshot.json; the other files
are the parent's, so a rollback restores the snapshot byte for byte. The file format is kpi.core.successors'; the
checks are kpi.core.successor_checks'.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import asdict, dataclass

import pandas as pd

from kpi.core import codes
from kpi.core import schema as S
from kpi.core.successor_checks import Problem, check, merged
from kpi.core.successors import BY_POPULATION, COLUMNS, empty, read_table
from kpi.model.derived import add_derived
from kpi.storage.db import Database
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from kpi.storage.snapshots import AREAS, OBSERVATIONS, REORGANISATIONS, SNAPSHOT, NewVersion, Snapshot, frame_bytes
from loaders import pipeline
from loaders.compare import diff
from loaders.files import sort_observations, summary

REORGANISATION, RECODE = "reorganisation", "recode"  # the kinds of version these write


class Refused(Exception):
    """A reorganisation file or a recode that was refused, each reason on a line of its own; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.lines = [p.line() for p in problems]
        super().__init__("\n".join(self.lines))
        self.problems = problems

    def table(self) -> pd.DataFrame:
        """row (as a spreadsheet numbers it), column, value, reason: for a page to show."""
        return pd.DataFrame([asdict(p) for p in self.problems], columns=["row", "column", "value", "reason"])


@dataclass(frozen=True)
class Imported:
    """A checked file worked out as a new version, not written yet: what a preview shows and `apply` writes."""

    rows: pd.DataFrame  # the file's rows, as checked
    table: pd.DataFrame  # reorganisations.csv after it
    previous: pd.DataFrame  # reorganisations.csv before it
    change: pipeline.Change

    @property
    def unchanged(self) -> bool:
        return frame_bytes(self.table) == frame_bytes(self.previous)


def _share_words(cell: str) -> str:
    return "by population" if cell.lower() == BY_POPULATION else f"{cell.rstrip('%').strip()}%"


def describe(found: Imported) -> list[str]:
    """Each successor in the file in words (new, changed or as it was), then the figures the version changes."""
    before = set(found.previous["successor_code"])
    lines = []
    for code, rows in found.rows.groupby("successor_code", sort=False):
        first = rows.iloc[0]
        was = found.previous[found.previous["successor_code"] == code]
        state = "new" if code not in before else ("as it was" if frame_bytes(was) == frame_bytes(rows) else "changed")
        shared = [f"{p} {_share_words(s)}" for p, s in zip(rows["predecessor_code"], rows["county_share"]) if s]
        lines.append(
            f"{code} {first['successor_name']} ({first['successor_type']}), takes over on {first['vesting_day']}, "
            f"{state}: {len(rows)} predecessor(s) {', '.join(rows['predecessor_code'])}"
            + (f"; shared: {', '.join(shared)}" if shared else "")
            + f"; {first['order']}"
        )
    counts = found.change.changes[["added", "changed", "removed"]].sum()
    lines.append(f"figures: {counts['added']:,} added, {counts['changed']:,} changed, {counts['removed']:,} removed")
    return lines


def existing(snapshot: Snapshot) -> pd.DataFrame:
    raw = snapshot.files.get(REORGANISATIONS)
    return read_table(io.BytesIO(raw)) if raw else empty()


def read_file(content: bytes, file_name: str) -> pd.DataFrame:
    """A reorganisation file's rows, every cell text; Refused for anything but a CSV file."""
    if not file_name.lower().endswith(".csv"):
        raise Refused([Problem(0, "", file_name, f"is not a CSV file with the columns {', '.join(COLUMNS)}")])
    try:
        return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise Refused(
            [Problem(0, "", file_name, f"cannot be read as a CSV file in UTF-8 ({type(exc).__name__})")]
        ) from exc


def prepare(snapshot: Snapshot, content: bytes, file_name: str, *, now: dt.datetime, by: pipeline.Provenance):
    """The file checked against the snapshot and worked out as a new version (Refused, row by row, otherwise)."""
    rows = read_file(content, file_name)
    table = existing(snapshot)
    areas = snapshot.text_table(AREAS).assign(current=lambda f: f["current"] == "true")
    problems = check(rows, table, areas)
    if problems:
        raise Refused(problems)
    clean = rows[COLUMNS].apply(lambda col: col.str.strip())
    for column in ("successor_code", "predecessor_code"):
        clean[column] = clean[column].str.upper()
    after = merged(clean, table)
    return Imported(clean, after, table, _version(snapshot, after, snapshot.observations, now=now, by=by))


def _version(snapshot: Snapshot, table: pd.DataFrame, observations: pd.DataFrame, *, now, by, note: str = ""):
    """The new version: reorganisations.csv, the observations with combined histories worked out again, and
    snapshot.json (SchemaError if the observations fail their checks)."""
    files = {**snapshot.files, REORGANISATIONS: frame_bytes(table)}
    catalogue = Snapshot(snapshot.info, observations, files).catalogue()
    obs = add_derived(S.coerce(observations), catalogue)
    obs = S.validate(obs, area_codes=set(catalogue.areas["area_code"]), metric_units=catalogue.metric_units())
    obs[S.VALUE] = obs[S.VALUE].round(4)
    obs = sort_observations(obs)
    meta = snapshot.meta()
    meta.update(summary({OBSERVATIONS: obs, AREAS: snapshot.text_table(AREAS)}))
    meta["updated"] = now.isoformat(timespec="seconds")
    new = NewVersion(
        kind=by.kind,
        created_by=by.who,
        created_at=now.isoformat(timespec="seconds"),
        files={
            REORGANISATIONS: frame_bytes(table),
            OBSERVATIONS: frame_bytes(obs),
            SNAPSHOT: (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode(),
        },
        file_name=by.file_name,
        sha256=by.sha256,
        note=note,
    )
    return pipeline.Change(snapshot.info.version_id, new, snapshot.observations, obs, diff(snapshot.observations, obs))


def prepare_recode(snapshot: Snapshot, provisional: str, official: str, *, now: dt.datetime, by: pipeline.Provenance):
    """The council moved from its provisional code to the one ONS issued, as a new version; None if it was moved
    already (Refused, saying why, for codes that cannot be recoded)."""
    provisional, official = codes.clean(provisional), codes.clean(official)
    table = existing(snapshot)
    done = table[(table["provisional_code"] == provisional) & (table["successor_code"] == official)]
    if len(done):
        return None
    problems = _recode_problems(snapshot, table, provisional, official)
    if problems:
        raise Refused([Problem(0, "", f"{provisional} -> {official}", why) for why in problems])
    table = table.copy()
    mine = table["successor_code"] == provisional
    table.loc[mine, "provisional_code"] = provisional
    table.loc[mine, "successor_code"] = official
    table.loc[table["predecessor_code"] == provisional, "predecessor_code"] = official  # a successor's successor
    obs = snapshot.observations.copy()
    obs.loc[obs[S.AREA_CODE] == provisional, S.AREA_CODE] = official
    note = f"{provisional} recoded to {official}"
    return _version(snapshot, table, obs, now=now, by=by, note=note)


def _recode_problems(snapshot: Snapshot, table: pd.DataFrame, provisional: str, official: str) -> list[str]:
    if not codes.is_provisional(provisional):
        return [f"{provisional!r} is not a provisional code (such as {codes.PROVISIONAL_EXAMPLE})"]
    if provisional not in set(table["successor_code"]):
        return [f"no council in reorganisations.csv has the provisional code {provisional}"]
    if not codes.is_gss(official):
        return [f"{official!r} is not an ONS GSS code (a letter and eight digits, such as E06000066)"]
    catalogue = snapshot.catalogue()
    if official in catalogue.areas.index:
        return [f"{official} is already the code of {catalogue.area_name(official)}"]
    kind = catalogue.area_type(provisional)
    if official[1:3] != codes.ENTITY.get(kind, official[1:3]):
        return [f"{official} is not a code for a {kind} (those start E{codes.ENTITY[kind]})"]
    return []


def write(snapshots, change: pipeline.Change):
    """Write a prepared version (VersionConflict if another came first, Busy if one is being written)."""
    return pipeline.apply(snapshots, change)


def recode(snapshots, database: Database, provisional: str, official: str, *, who: str, now: dt.datetime) -> list[str]:
    """A council moved from its provisional code to the one ONS issued, losing nothing: a snapshot version, then a
    version of the council-supplied figures, then its action plan's versions under the new code; what each step did,
    a line each. Every step is skipped once done, so running it again after a failure finishes the rest."""
    provisional, official = codes.clean(provisional), codes.clean(official)
    change = prepare_recode(snapshots.read(), provisional, official, now=now, by=pipeline.Provenance(RECODE, who))
    if change is None:
        lines = [f"the snapshot has {official} in place of {provisional} already"]
    else:
        info = write(snapshots, change)
        lines = [f"wrote snapshot version {info.version_id}: {provisional} is now {official}"]
    lines.append(FigureStore(database).recode(provisional, official, who=who, now=now).message)
    lines.append(PlanStore(database).recode(provisional, official, who=who, now=now).message)
    return lines
