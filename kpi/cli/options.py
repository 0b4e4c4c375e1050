"""`python -m kpi options --file OPTIONS.csv [--area ...]`: reorganisation options as CSV, a row per proposed council
(the Reorganisation page's table: kpi.views.options). A file with any problem is refused, each named on standard
error with its row and reason."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from kpi.calc.options.rows import OptionsRefused
from kpi.model.store import Store
from kpi.views.options.files import read_options_file
from kpi.views.options.view import options_view


def add_parser(sub) -> None:
    options = sub.add_parser("options", help="reorganisation options: a row per proposed council, as CSV")
    options.add_argument(
        "--file", required=True, type=Path, help="options file: option, proposed_council, area_code[, share]"
    )
    options.add_argument(
        "--area",
        action="append",
        default=[],
        help="the area: a county (for its whole area) or councils, by code or name (repeatable; default: the "
        "councils the options name, with their counties' areas)",
    )


def options_table(store: Store, args: argparse.Namespace) -> tuple[pd.DataFrame, list[str]]:
    """The table and the notes for standard error (what each option leaves out or counts twice)."""
    area = tuple(dict.fromkeys(store.catalogue.resolve_area(a) for a in args.area))
    view = options_view(store, read_options_file(store.catalogue, args.file, area=area))
    return view.table, [f"{f.option}: {f.text}" for f in view.findings]


def refusal(exc: OptionsRefused) -> list[str]:
    """One line per problem: where it is and what was expected."""
    return [
        f"row {p.row if p.row is not None else '-'}, {p.column or 'file'}: expected {p.expected}"
        + (f" (found '{p.value}')" if str(p.value) != "" else "")
        for p in exc.problems
    ]
