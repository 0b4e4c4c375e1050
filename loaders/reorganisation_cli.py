"""`python -m loaders reorganisation import FILE` and `python -m loaders reorganisation recode PROVISIONAL OFFICIAL`.

import: a reorganisation file (the columns of data/reorganisations.csv) checked row by row and, if every row is
good, written as a new snapshot version; a refused file prints each row and reason on standard error and changes
nothing (exit 1). recode: the council moved from its provisional code to the one ONS issued (snapshot, council-supplied
figures, action plans), each step a new version. Bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kpi.core.schema import SchemaError
from kpi.core.successors import COLUMNS
from kpi.storage.db import Database, StoreError
from kpi.storage.snapshots import SnapshotError
from loaders import pipeline, reorganisations


def add_parsers(sub) -> tuple[argparse.ArgumentParser, ...]:
    """`reorganisation import` and `reorganisation recode`, returned so the caller can give them --data-dir."""
    parser = sub.add_parser(
        "reorganisation", help="add councils formed by a structural changes order, or recode a provisional code"
    )
    actions = parser.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help=f"a reorganisation file (CSV: {', '.join(COLUMNS)})")
    imp.add_argument("file", type=Path)
    recode = actions.add_parser("recode", help="move a council from its provisional code to the ONS code")
    recode.add_argument("provisional", help="the provisional code the dashboard issued, e.g. E06X00001")
    recode.add_argument("official", help="the code ONS issued, e.g. E06000070")
    return imp, recode


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(args, snapshots, *, who: str, now: dt.datetime) -> int:
    try:
        if args.action == "import":
            return _import(args.file, snapshots, who=who, now=now)
        for line in reorganisations.recode(snapshots, Database(), args.provisional, args.official, who=who, now=now):
            print(line)
        return 0
    except reorganisations.Refused as exc:
        for line in exc.lines:
            _err(f"refused: {line}")
        _err(f"{len(exc.problems)} problem(s); nothing was changed")
        return 1
    except (SchemaError, SnapshotError, StoreError) as exc:
        _err(f"not applied: {exc}; nothing was changed")
        return 1


def _import(path: Path, snapshots, *, who: str, now: dt.datetime) -> int:
    if not path.is_file():
        _err(f"error: {path} not found")
        return 2
    content = path.read_bytes()
    by = pipeline.Provenance(reorganisations.REORGANISATION, who, file_name=path.name, sha256=pipeline.sha256(content))
    found = reorganisations.prepare(snapshots.read(), content, path.name, now=now, by=by)
    for line in reorganisations.describe(found):
        print(line)
    if found.change.changes.empty and found.unchanged:
        print("nothing to apply: the snapshot holds these reorganisations already")
        return 0
    info = reorganisations.write(snapshots, found.change)
    print(
        f"wrote snapshot version {info.version_id} to {snapshots.describe()}; version {info.parent} is kept "
        "(undo: python -m loaders rollback)"
    )
    return 0
