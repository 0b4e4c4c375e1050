"""Command line for the data pipeline.

python -m loaders build --candidates DIR        rebuild data/ from the curated public files
python -m loaders refresh [--source ID ...]     bring sources up to their latest official release
python -m loaders import FILE [--source ID]     the same from a file downloaded by hand
python -m loaders status                        each source's release, retrieval date, coverage, last attempt
python -m loaders rollback                      return to the snapshot before the last refresh or import
python -m loaders reorganisation import FILE    add or change councils formed by structural changes orders
python -m loaders reorganisation recode P O     move a council from its provisional code P to the ONS code O

The snapshot's back end: --data-dir DIR (files), otherwise KPI_DB_URL (PostgreSQL: the snapshot every replica
shares), otherwise data/ or $KPI_DATA_DIR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

import pandas as pd

from kpi.core.schema import SchemaError
from kpi.model.source_status import source_status
from kpi.storage.backends import open_snapshots
from kpi.storage.paths import data_dir
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshots import IMPORT, REFRESH, NoSnapshot, SnapshotError, require_snapshot_folder
from loaders import files, http, pipeline, registry, reorganisation_cli, snapshot
from loaders.errors import LoaderError


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _who() -> str:
    try:
        return f"{getpass.getuser()} (command line)"
    except Exception:  # no login name in some containers
        return "command line"


def _snapshots(args):
    """--data-dir: that folder's files; otherwise KPI_DB_URL decides (PostgreSQL: the shared snapshot)."""
    if args.data_dir:
        snapshots = FileSnapshots(require_snapshot_folder(args.data_dir))
    else:
        snapshots = open_snapshots(data_dir=data_dir())
        if isinstance(snapshots, FileSnapshots):
            require_snapshot_folder(snapshots.root)
    for cleaned in snapshots.recover():
        _err(f"cleaned up after an interrupted write: {cleaned}")
    return snapshots


def _show_changes(changes: pd.DataFrame, outcomes: list[pipeline.Outcome]) -> None:
    for o in outcomes:
        print(f"{o.source_id}: release {o.release or '(not stated)'}")
        if o.unmatched:
            print(f"  names matched to no council (not loaded): {', '.join(o.unmatched)}")
    if changes.empty:
        print("no observation changes")
    else:
        print(changes.to_string(index=False))


def _apply(snapshots, outcomes: list[pipeline.Outcome], failed: list[pipeline.Outcome], by: pipeline.Provenance):
    now = _now()
    ok = [o for o in outcomes if o.ok]
    obs = None
    if ok:
        try:
            version, change = pipeline.write(snapshots, ok, now=now, by=by)
            obs = change.observations
            _show_changes(change.changes, ok)
            print(
                f"wrote snapshot version {version.version_id} to {snapshots.describe()}; version {version.parent} "
                "is kept (undo: python -m loaders rollback)"
            )
        except (SchemaError, LoaderError, SnapshotError, OSError) as exc:
            reason = (
                f"not applied, the merged snapshot failed its checks: {exc}"
                if isinstance(exc, SchemaError)
                else f"not applied: {exc}"
            )
            failed.extend(pipeline.Outcome(o.source_id, False, message=reason) for o in ok)
            ok = []
    pipeline.record(snapshots, ok + failed, now=now, obs=obs)
    for o in failed:
        _err(f"FAILED {o.source_id}: {o.message}")
    if failed:
        _err(f"{len(failed)} source(s) failed; {'the others were applied' if ok else 'nothing was changed'}")
        return 1
    return 0


def cmd_refresh(args) -> int:
    chosen = args.source or [e.source_id for e in registry.ENTRIES if e.default]
    unknown = [s for s in chosen if s not in registry.BY_ID]
    if unknown:
        _err(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(registry.BY_ID)}")
        return 2
    snapshots = _snapshots(args)
    areas = pipeline.areas_of(snapshots.read())
    session = http.make_session(cache_path=args.cache) if args.cache else http.make_session()
    outcomes, failed = [], []
    for sid in chosen:
        _err(f"{sid}: fetching ...")
        try:
            outcomes.extend(pipeline.fetch_source(session, sid, areas, http.stderr_progress))
        except (LoaderError, SchemaError) as exc:
            failed.append(pipeline.failure(sid, exc))
    return _apply(snapshots, outcomes, failed, pipeline.Provenance(REFRESH, _who()))


def cmd_import(args) -> int:
    path: Path = args.file
    if not path.is_file():
        _err(f"error: {path} not found")
        return 2
    content = path.read_bytes()
    sid = args.source
    if sid and sid not in registry.BY_ID:
        _err(f"unknown source {sid!r}; known: {', '.join(registry.BY_ID)}")
        return 2
    snapshots = _snapshots(args)
    try:
        outcome = pipeline.read_release(content, path.name, pipeline.areas_of(snapshots.read()), source_id=sid)
    except (LoaderError, SchemaError) as exc:
        # A refused file says nothing about whether the source's data is current: no attempt is logged.
        failed = pipeline.failure(getattr(exc, "source_id", sid or "import"), exc)
        _err(f"refused {path.name}: {failed.message}; nothing was changed")
        return 1
    by = pipeline.Provenance(IMPORT, _who(), file_name=path.name, sha256=pipeline.sha256(content))
    return _apply(snapshots, [outcome], [], by)


def cmd_status(args) -> int:
    table = source_status(_snapshots(args))
    print(table.to_csv(index=False), end="")
    return 0


def cmd_rollback(args) -> int:
    snapshots = _snapshots(args)
    try:
        info = snapshots.rollback(who=_who(), at=_now().isoformat(timespec="seconds"))
    except SnapshotError as exc:
        _err(f"error: {exc}")
        return 2
    print(f"restored version {info.restores} as snapshot version {info.version_id} in {snapshots.describe()}")
    return 0


def cmd_build(args) -> int:
    out = args.data_dir or data_dir()
    if not args.candidates.is_dir():
        _err(f"error: candidates folder {args.candidates} not found")
        return 2
    _err(f"reading {args.candidates} ...")
    if args.raw is not None and not args.raw.is_dir():
        _err(f"error: raw folder {args.raw} not found")
        return 2
    tables = snapshot.build(args.candidates, out, raw=args.raw)
    if args.raw is not None:
        _err("read through the loaders: " + ", ".join(p.name for p in snapshot.raw_release_files(args.raw)))
    info = files.summary(tables)
    snapshot.write(tables, out, {"built_from": "bundled public files (see data/sources.csv)", **info})
    _err(f"wrote {info['observations']:,} observations for {info['areas']} councils to {out}")
    current = FileSnapshots(out).head()
    if current != 1:
        _err(f"note: {out}/CURRENT names version {current}, which the dashboard shows; these files are version 1")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="rebuild the bundled snapshot in data/ from the curated public files")
    build.add_argument(
        "--candidates",
        type=Path,
        default=Path("../shared/data-candidates"),
        help="folder of curated source files, one sub-folder per source with a PROVENANCE.md",
    )
    build.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="folder of official release files; those listed in loaders/snapshot.py RAW_RELEASES "
        "are read through their source's loader",
    )
    refresh = sub.add_parser("refresh", help="fetch the latest official releases and apply them")
    refresh.add_argument("--source", action="append", help="source id (repeatable); default: every source")
    refresh.add_argument("--cache", type=Path, default=None, help="HTTP cache file (default ~/.cache/council-kpi)")
    imp = sub.add_parser("import", help="apply an official file downloaded by hand")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", default=None, help="source id, when the file is not recognised by itself")
    sub.add_parser("status", help="each source's release, retrieved date, coverage and last attempt (CSV)")
    sub.add_parser("rollback", help="a new version restoring the snapshot from before the last refresh or import")
    reorganisation = reorganisation_cli.add_parsers(sub)
    for p in (build, refresh, imp, sub.choices["status"], sub.choices["rollback"], *reorganisation):
        p.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="the snapshot folder (default: the shared database when KPI_DB_URL is PostgreSQL, otherwise "
            "data/ or $KPI_DATA_DIR)",
        )
    args = parser.parse_args(argv)

    commands = {
        "build": cmd_build,
        "refresh": cmd_refresh,
        "import": cmd_import,
        "status": cmd_status,
        "rollback": cmd_rollback,
        "reorganisation": lambda args: reorganisation_cli.run(args, _snapshots(args), who=_who(), now=_now()),
    }
    try:
        return commands[args.command](args)
    except NoSnapshot as exc:  # a missing or empty data folder: one line, no traceback
        _err(str(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
