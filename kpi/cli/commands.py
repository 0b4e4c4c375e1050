"""Data command line: `python -m kpi areas | metrics | export | comparators | narrative | options ...` (CSV, or for
the narrative plain text, on stdout)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from kpi.calc.measures import CASH, REAL, MeasureError, MeasureSpec, measure
from kpi.calc.options.rows import OptionsRefused
from kpi.cli import comparators_and_narrative as reports
from kpi.cli import options as options_cli
from kpi.core import schema as S
from kpi.core.catalogue import AREA_TYPE_NAMES, UnknownError
from kpi.core.codes import is_provisional
from kpi.core.periods import PeriodError
from kpi.model.reorganisations import gaps
from kpi.model.store import COUNCIL, OFFICIAL, Store, merged_store
from kpi.storage.figures import FigureStore
from kpi.storage.paths import data_dir
from kpi.storage.snapshots import NoSnapshot

EXPORT_COLUMNS = [
    "area_code",
    "area_name",
    S.METRIC_ID,
    S.PERIOD,
    S.VALUE,
    S.UNIT,
    S.SOURCE_ID,
    S.STATUS,
    S.NOTES,
    "reason",
]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kpi", description="Query the council KPI store as CSV.")
    sub = parser.add_subparsers(dest="command", required=True)
    areas = sub.add_parser("areas", help="the area catalogue: every English council since 2010")
    areas.add_argument("--current", action="store_true", help="only councils that exist today (and shadow councils)")
    sub.add_parser("metrics", help="the metric catalogue")
    export = sub.add_parser("export", help="observations, with per head / real terms / index applied")
    export.add_argument("--area", action="append", required=True, help="GSS code or council name (repeatable)")
    export.add_argument("--metric", action="append", required=True, help="metric id (repeatable)")
    export.add_argument("--from", dest="first", help="first financial year, e.g. 2010-11")
    export.add_argument("--to", dest="last", help="last financial year, e.g. 2023-24")
    export.add_argument("--prices", choices=[CASH, REAL], default=CASH)
    export.add_argument("--base-year", help="real-terms price base (default: the latest year with a GDP deflator)")
    export.add_argument("--per-head", action="store_true", help="divide by the same year's population")
    export.add_argument("--index-to", help="express each series as an index, this year = 100")
    export.add_argument(
        "--supplied",
        choices=["all", OFFICIAL, COUNCIL],
        default="all",
        help="official figures, council-supplied uploads (source_id upload:<version>), or both "
        "(default; where both exist for a year, both rows are returned)",
    )
    reports.add_parsers(sub)
    options_cli.add_parser(sub)
    return parser


def _areas(store: Store, current_only: bool) -> pd.DataFrame:
    areas = store.catalogue.areas.reset_index(drop=True)
    if current_only:
        areas = areas[areas["current"]]
    out = areas[
        [
            "area_code",
            "area_name",
            "area_type",
            "region",
            "current",
            "start_date",
            "end_date",
            "successor_codes",
            "predecessor_codes",
            "former_codes",
            "county_code",
            "official_name",
        ]
    ].copy()
    out.insert(3, "area_type_name", out["area_type"].map(AREA_TYPE_NAMES))
    out["current"] = out["current"].map({True: "true", False: "false"})
    out["status"] = out["area_code"].map(store.catalogue.status_label)  # "shadow council, takes over on ..."
    out["provisional_code"] = out["area_code"].map(is_provisional).map({True: "true", False: "false"})
    return out


def _export(store: Store, args: argparse.Namespace) -> pd.DataFrame:
    codes = tuple(dict.fromkeys(store.catalogue.resolve_area(a) for a in args.area))
    frames = []
    for metric_id in args.metric:
        store.catalogue.metric(metric_id)  # unknown id -> UnknownError before any work
    kinds = [OFFICIAL, COUNCIL] if args.supplied == "all" else [args.supplied]
    missing = gaps(store.observations, store.catalogue) if OFFICIAL in kinds else None
    for metric_id in args.metric:
        for kind in kinds:
            spec = MeasureSpec(
                metric_id=metric_id,
                area_codes=codes,
                prices=args.prices,
                base_year=args.base_year,
                per_head=args.per_head,
                index_to=args.index_to,
                first=args.first,
                last=args.last,
                supplied=kind,
            )
            result = measure(store, spec)
            frame = result.frame
            if kind == COUNCIL:
                frame = S.with_values(frame)
            else:
                frame = _with_gaps(store, frame, missing, spec, result.unit_label)
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EXPORT_COLUMNS)
    return out[EXPORT_COLUMNS]


def _print(text: str) -> int:
    try:
        sys.stdout.write(text)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0


def _with_gaps(store: Store, frame: pd.DataFrame, missing: pd.DataFrame, spec: MeasureSpec, unit: str) -> pd.DataFrame:
    """The official rows plus, for a reorganised council, each year before vesting day with no combined figure and
    the reason (a predecessor without a figure, a county's balances not apportioned)."""
    rows = missing[(missing[S.METRIC_ID] == spec.metric_id) & missing[S.AREA_CODE].isin(spec.area_codes)]
    if spec.first:
        rows = rows[rows[S.PERIOD] >= spec.first]
    if spec.last:
        rows = rows[rows[S.PERIOD] <= spec.last]
    have = set(zip(frame[S.AREA_CODE], frame[S.PERIOD]))
    rows = rows[[k not in have for k in zip(rows[S.AREA_CODE], rows[S.PERIOD])]]
    if rows.empty:
        return frame
    rows = rows.assign(
        area_name=rows[S.AREA_CODE].map(store.catalogue.area_name), **{S.VALUE: float("nan"), S.UNIT: unit}
    )
    rows = rows.assign(**{S.SOURCE_ID: "", S.STATUS: "", S.NOTES: ""})
    both = pd.concat([frame, rows[EXPORT_COLUMNS]], ignore_index=True)
    return both.sort_values([S.AREA_CODE, S.PERIOD], kind="stable").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:  # the current snapshot version: data/ (files) or, with a PostgreSQL KPI_DB_URL, the shared one
        store = Store.load(today=dt.date.today())  # councils as they stand today (the clock is read here only)
    except SQLAlchemyError as exc:
        print(f"warning: the shared snapshot cannot be read ({exc.__class__.__name__}); data/ is used", file=sys.stderr)
        store = Store.load(data_dir(), today=dt.date.today())
    except NoSnapshot as exc:  # a missing or empty data folder ($KPI_DATA_DIR): one line, no traceback
        print(str(exc), file=sys.stderr)
        return 2
    try:
        store = merged_store(store, FigureStore.open())
    except SQLAlchemyError as exc:
        print(
            f"warning: council-supplied figures left out, the database cannot be read: {exc.__class__.__name__}",
            file=sys.stderr,
        )
    try:
        if args.command == "areas":
            out = _areas(store, args.current)
        elif args.command == "metrics":
            out = store.catalogue.metrics_table
        elif args.command == "comparators":
            out, about = reports.comparators_table(store, args)
            print(f"note: {about}", file=sys.stderr)
        elif args.command == "narrative":
            return _print(reports.narrative_text(store, args) + "\n")
        elif args.command == "options":
            out, notes = options_cli.options_table(store, args)
            for note in notes:
                print(f"note: {note}", file=sys.stderr)
        else:
            out = _export(store, args)
    except (UnknownError, MeasureError, PeriodError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OptionsRefused as exc:
        print("\n".join(f"error: {line}" for line in options_cli.refusal(exc)), file=sys.stderr)
        return 2
    try:
        out.to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.10g")
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0
