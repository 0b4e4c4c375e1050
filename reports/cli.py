"""`python -m reports pack ...` (also `python -m kpi pack ...`): the evidence pack as a Word or PDF file.

Errors go to standard error with exit code 2 and nothing is written; the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from charts.export import Exporter
from kpi.calc.comparators import GROUP_HELP, NEAREST, parse_group
from kpi.calc.options.rows import OptionsRefused
from kpi.cli.options import refusal
from kpi.core.catalogue import UnknownError
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.periods import FinancialYear, PeriodError
from kpi.model.store import Store, merged_store
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from kpi.views.options.files import read_options_file
from kpi.views.pack.build import PackError, PackRequest
from kpi.views.pack.inputs import MAX_MEASURES
from kpi.views.pack.plan import plan_input
from kpi.views.profile import CARDS
from reports.make import FORMATS, make_pack
from reports.pdf import PdfUnavailable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Report files made from the KPI store.")
    sub = parser.add_subparsers(dest="command", required=True)
    pack = sub.add_parser("pack", help="a council's evidence pack (Word or PDF) for a committee report")
    pack.add_argument("--area", required=True, help="GSS code or council name")
    pack.add_argument("--from", dest="since", default=DEFAULT_BASE_YEAR, help="base year, e.g. 2010-11 (default)")
    pack.add_argument("--to", help="end year, e.g. 2023-24 (default: each measure's latest year)")
    pack.add_argument("--group", default=NEAREST, help=GROUP_HELP)
    pack.add_argument("--name", default="", help="the name of a custom group")
    pack.add_argument(
        "--metric",
        action="append",
        help=f"a profile card ({', '.join(c.key for c in CARDS)}) or a metric id, as published (repeatable, up "
        f"to {MAX_MEASURES}; default: the profile's cards)",
    )
    pack.add_argument("--as-of", dest="as_of", type=_date, help="overdue actions as of YYYY-MM-DD (default: today)")
    pack.add_argument(
        "--options", type=Path, help="an options file (option, proposed_council, area_code[, share]): adds a section"
    )
    pack.add_argument("--format", choices=list(FORMATS), required=True)
    pack.add_argument("--out", required=True, type=Path, help="the file to write")
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _stores() -> tuple[Store, PlanStore | None]:
    store = Store.load(today=dt.date.today())  # councils as they stand today (a shadow council until vesting day)
    try:
        return merged_store(store, FigureStore.open()), PlanStore.open()
    except SQLAlchemyError as exc:
        _warn(f"council-supplied figures and action plans left out, the database cannot be read: {type(exc).__name__}")
        return store, None


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or none of it: written beside the target, then renamed over it."""
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        for year in (args.since, args.to):
            if year is not None:
                FinancialYear.parse(year)  # before the data is loaded: a typo is told at once
    except PeriodError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.out.resolve().parent.is_dir():
        print(f"error: the folder of {args.out} does not exist", file=sys.stderr)
        return 2
    store, plans = _stores()
    made = dt.datetime.now().replace(microsecond=0)
    try:
        group = parse_group(store, args.group, args.name)
    except UnknownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        options = read_options_file(store.catalogue, args.options) if args.options else None
    except OptionsRefused as exc:
        print("\n".join(f"error: {line}" for line in refusal(exc)), file=sys.stderr)
        return 2
    measures = tuple(args.metric or ())
    request = PackRequest(
        args.area, since=args.since, to=args.to, group=group, measures=measures, as_of=args.as_of, options=options
    )
    exporter = Exporter()
    if exporter.unavailable_reason:
        _warn(f"charts left out: {exporter.unavailable_reason}")
    try:
        area = store.catalogue.resolve_area(args.area)
        plan = plan_input(plans, area) if plans is not None else None
        made_pack = make_pack(store, request, formats=(args.format,), exporter=exporter, made=made, plan=plan)
    except (UnknownError, PeriodError, PackError, PdfUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in made_pack.notes:
        _warn(note)
    write_atomically(args.out, made_pack.files[0].data)
    print(f"wrote {args.out}: {made_pack.pack.title.title}, {len(made_pack.pack.sections)} measures")
    return 0
