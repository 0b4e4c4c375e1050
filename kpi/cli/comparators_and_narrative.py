"""`python -m kpi comparators ...` and `python -m kpi narrative ...`: a council's comparator group as CSV, so the
like-with-like rule can be checked, and the profile's paragraph as plain text, the same sentences as the page."""

from __future__ import annotations

import argparse

import pandas as pd

from kpi.calc.comparators import GROUP_HELP, MODEL_NAMES, NEAREST, comparator_set, parse_group
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.periods import FinancialYear, PeriodError
from kpi.model.store import Store
from kpi.views import narrative

COMPARATOR_COLUMNS = ["area_code", "area_name", "class", "rank", "model"]


def add_parsers(sub) -> None:
    comp = sub.add_parser("comparators", help="a council's comparator group (same class of functions) as CSV")
    comp.add_argument("--area", required=True, help="GSS code or council name")
    comp.add_argument("--group", default=NEAREST, help=GROUP_HELP)
    comp.add_argument("--name", default="", help="the name of a custom group")
    comp.add_argument("--metric", help="metric id: leaves out councils it does not apply to, or allows all classes")
    text = sub.add_parser("narrative", help="the profile's paragraph as plain text")
    text.add_argument("--area", required=True, help="GSS code or council name")
    text.add_argument("--from", dest="first", default="", help="base year, e.g. 2010-11 (default 2010-11)")
    text.add_argument("--to", dest="last", default="", help="end year, e.g. 2023-24 (default: the latest)")
    text.add_argument("--group", default=NEAREST, help=GROUP_HELP)
    text.add_argument("--name", default="", help="the name of a custom group")


def comparators_table(store: Store, args: argparse.Namespace) -> tuple[pd.DataFrame, str]:
    """The group as rows (area_code, area_name, class, rank or blank, model) and its label and note."""
    area = store.catalogue.resolve_area(args.area)
    if args.metric:
        store.catalogue.metric(args.metric)  # unknown id -> UnknownError
    found = comparator_set(store, area, parse_group(store, args.group, args.name), metric_id=args.metric)
    model = f"ONS 2025 {MODEL_NAMES.get(found.model, found.model)}" if found.model else ""
    rows = [
        {
            "area_code": code,
            "area_name": store.catalogue.area_name(code),
            "class": store.catalogue.area_class(code),
            "rank": rank,
            "model": model,
        }
        for code, rank in zip(found.codes, found.ranks)
    ]
    out = pd.DataFrame(rows, columns=COMPARATOR_COLUMNS).astype({"rank": "Int64"})
    return out, ". ".join(t.rstrip(".") for t in (found.label, found.note) if t) + "."


def narrative_text(store: Store, args: argparse.Namespace) -> str:
    for year in (args.first, args.last):
        if year:
            FinancialYear.parse(year)
    if args.last and args.last <= (args.first or DEFAULT_BASE_YEAR):
        raise PeriodError(f"--to {args.last} must be after --from {args.first or DEFAULT_BASE_YEAR}")
    area = store.catalogue.resolve_area(args.area)
    group = parse_group(store, args.group, args.name)
    return " ".join(narrative.paragraph(store, area, since=args.first, to=args.last, group=group))
