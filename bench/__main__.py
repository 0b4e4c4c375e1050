"""`make bench` (python -m bench [--quick] [--only pages,scale,export,pack,validation,browser,load] [--replicas N]):
measures the dashboard beside a floor app in the same run, writes bench/results.json and bench/results.md and prints
the table. `--only replicas` runs the load section's last part alone: N replicas behind nginx against one."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("pages", "scale", "export", "pack", "validation", "browser", "load")


def _seed_plans(url: str, councils: list[str]) -> None:
    """The example action plan (written for the project, no council's text) for the councils the benchmark opens."""
    from kpi.officers.plans.read import parse_plan
    from kpi.storage.plans import PlanStore

    example = ROOT / "data" / "examples" / "EXAMPLE_action_plan.csv"
    plans = PlanStore.open(url)
    actions = parse_plan(
        example.read_bytes(),
        example.name,
        known_metrics={"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"},
    ).actions
    for code in councils:
        plans.write_actions(code, actions.drop(columns="_excel_row"), who="benchmark set-up", kind="import")
    plans.dispose()


def _pages(quick: bool) -> list:
    from bench.apptest_runs import PAGES, WARM, time_pages
    from kpi.model.store import Store

    pool = [c for c in Store.load().catalogue.current_areas()["area_code"] if c not in WARM]
    random.Random(7).shuffle(pool)
    cold = 3 if quick else 12  # councils per page for the median of a council not seen before
    _seed_plans(os.environ["KPI_DB_URL"], [*WARM, *pool[: cold * len(PAGES)]])
    return time_pages(pool, repeats=5 if quick else 15, cold=cold)


def _scale(quick: bool) -> dict:
    from bench.apptest_runs import time_page
    from bench.other_runs import scaled_copy, store_load

    ten = scaled_copy(10)
    out = {"1x": store_load(ROOT / "data"), "10x": store_load(ten)}
    reruns = {}
    for label, directory in (("1x", ROOT / "data"), ("10x", ten)):
        os.environ["KPI_DATA_DIR"] = str(directory)
        reruns[label] = time_page("Trends", "pages/explore/trends.py", [], repeats=5 if quick else 15).warm_ms
    os.environ.pop("KPI_DATA_DIR")
    return {**out, "1x_rerun_ms": reruns["1x"], "10x_rerun_ms": reruns["10x"]}


def _browser(quick: bool) -> dict:
    from bench import servers
    from bench.browser_runs import Journey, browser_benchmark, floor_journey, member_journey

    project = servers.project(os.environ["KPI_DB_URL"])
    floor = servers.floor()
    try:
        return asyncio.run(
            browser_benchmark(
                Journey(project, "/trends", "Core spending power", member_journey),
                Journey(floor, "/", "Floor chart", floor_journey),
                loads=(5,) if quick else (10, 25, 50),
                sessions=30 if quick else 300,
            )
        )
    finally:
        project.stop()
        floor.stop()


def _load(quick: bool, replicas: int) -> dict:
    """Many people at the protocol level: the dashboard and the floor app, then N replicas behind nginx vs one."""
    from bench import load_section
    from kpi.core.defaults import DEFAULT_AREA

    _seed_plans(os.environ["KPI_DB_URL"], [DEFAULT_AREA])  # the officer journey opens this council's action plan
    return load_section.run(os.environ["KPI_DB_URL"], quick, replicas)


def _replicas(text: str) -> int:
    if not text.isdigit() or int(text) < 2:
        raise argparse.ArgumentTypeError(f"a whole number of replicas, 2 or more (not {text!r})")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sessions (a smoke run)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    parser.add_argument(
        "--replicas", type=_replicas, default=2, help="load section: replicas behind nginx, against one (default 2)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    os.environ["KPI_DB_URL"] = f"sqlite:///{Path(tempfile.mkdtemp(prefix='kpi-bench-')) / 'bench.sqlite'}"
    from bench import other_runs, targets

    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    results: dict = {"machine": {"cores": os.cpu_count(), "load_average_start": os.getloadavg()[0]}}
    for section in chosen:
        print(f"bench: {section} ...", file=sys.stderr, flush=True)
        if section == "pages":
            results["pages"] = _pages(args.quick)
        elif section == "scale":
            results["scale"] = _scale(args.quick)
        elif section == "export":
            results["export"] = other_runs.export_times(5 if args.quick else 20)
        elif section == "pack":
            results["pack"] = other_runs.pack_time()
        elif section == "validation":
            results["validation"] = other_runs.validation_rates()
        elif section == "browser":
            results["browser"] = _browser(args.quick)
        elif section == "load":
            results["load"] = _load(args.quick, args.replicas)
        elif section == "replicas":
            from bench import load_section

            found = load_section.replicas_run(os.environ["KPI_DB_URL"], args.quick, args.replicas)
            results.setdefault("load", {})["replicas"] = found
    results["machine"]["load_average_end"] = os.getloadavg()[0]
    print(targets.write(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
