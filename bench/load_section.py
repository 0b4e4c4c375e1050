"""The load section of `make bench` (python -m bench --only load [--quick] [--replicas N]): the dashboard and the floor
app, each warmed up; the member journey one person at a time on each (bench/load_serial.py), in the project's
configuration (and on the element floor, the same pages drawn from constant data, when the pages section has
recorded them) and with Streamlit's default collection after every run; then each load of each journey on both in
turn (so that both see the same machine); then sessions opened and closed for memory; then N replicas behind nginx
(two unless --replicas) against one. The replicas start while the dashboard starts, and wait idle until their turn.

Full: 30 journeys one at a time, both journeys at 10, 25, 50 and 100 people, 300 sessions, replicas with 100 people
each doing the member journey again and again without pauses (counted over 10 s, after 3 s), twice each in turn.
Quick: 10 journeys one at a time, the member journey at 10 and 25 people, the officer's at 10, 100 sessions, replicas
with 50 people (counted over 5 s, after 2 s), once each; shorter pauses between loads."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from dataclasses import asdict, replace

from bench import load_cluster, load_serial, servers
from bench.element_floor import recording
from bench.journeys import POOL, element_member, floor_member, floor_officer, member, officer
from bench.load_runs import SETTLE_S, Target, one_load, say, steady_load, warm
from kpi.core.formatting import in_words


async def _loads(project, floor, plan: list[tuple[int, str]], *, timeout: float, settle: float) -> list:
    dashboard, floor_app = Target("dashboard", project.url, [project]), Target("floor", floor.url, [floor])
    journeys = {"member": ((dashboard, member), (floor_app, floor_member))}
    journeys["officer"] = ((dashboard, officer), (floor_app, floor_officer))
    for kind, pairs in journeys.items():
        for target, journey in pairs:
            await warm(target, journey, timeout=timeout, people=POOL if kind == "member" else 2)
    out = []
    for users, kind in plan:
        for target, journey in journeys[kind]:
            out.append(load := await one_load(target, journey, users, timeout=timeout))
            say(load)
            await asyncio.sleep(settle)
    return out


STEADY, STEADY_QUICK = (3.0, 10.0), (2.0, 5.0)  # the replicas' loads: seconds before counting, seconds counted
DEFAULT_GC = ["--runner.postScriptGC", "true"]  # Streamlit's default, which the project's configuration turns off


async def _one_at_a_time(project, floor, element, db_url: str, *, n: int, timeout: float) -> list:
    """Each app's member journey one person at a time: in the project's configuration (the element floor too, when
    the pages section has recorded the member's pages), then with Streamlit's default full collection after every
    run (a second pair of servers, started for this alone)."""
    apps = [(project, member), (floor, floor_member)] + ([(element, element_member)] if element else [])
    out = await _serial(apps, "project", n=n, timeout=timeout)
    default = [replace(s, command=[*s.command, *DEFAULT_GC]).start() for s in (servers.project(db_url), floor)]
    try:
        for server in default:
            server.wait_healthy()
        return out + await _serial(
            list(zip(default, (member, floor_member))), "Streamlit's default collection", n=n, timeout=timeout
        )
    finally:
        for server in default:
            server.stop()


async def _serial(apps: list, configuration: str, *, n: int, timeout: float) -> list:
    targets = [(Target(server.name, server.url, [server]), journey) for server, journey in apps]
    for target, journey in targets:
        await warm(target, journey, timeout=timeout, people=POOL)
    found = await load_serial.serial(targets, n, configuration=configuration, timeout=timeout)
    return [asdict(x) for x in found]


MEMBER_PAGES = ("profile", "trends", "benchmark")  # what the element floor needs recorded for the member's journey


def _element_floor():
    """The element floor's server, if the pages section has recorded the pages of the member's journey."""
    recorded = recording.index(recording.folder())
    return servers.element_floor().start() if all(recorded.get(slug) for slug in MEMBER_PAGES) else None


async def _sessions(project, floor, *, n: int, timeout: float) -> list:
    out = []
    for server, journey in ((project, member), (floor, floor_member)):
        target = Target(server.name, server.url, [server])
        found = await load_serial.sessions(target, journey, n, at_once=25, timeout=timeout)
        out.append({**asdict(found), "change": found.change})
    return out


async def _replicas(env: dict, users: int, *, rounds: int, timeout: float, settle: float, quick: bool) -> dict:
    """One replica (straight to replica a) and all of them (through nginx) in turn, `rounds` times each."""
    names = env["REPLICA_NAMES"].split(",")
    urls = [env[f"REPLICA_{name.upper()}_URL"] for name in names]
    processes = [servers.Process(int(env[f"REPLICA_{name.upper()}_PID"])) for name in names]
    for url, process in zip(urls, processes):
        await warm(Target("warm-up", url, [process]), member, timeout=timeout, people=POOL)
    one = Target("one replica", urls[0], processes[:1])
    many = Target(f"{in_words(len(names))} replicas", env["LB_URL"], processes)
    # Everyone at once, each doing the journey again and again without pauses, so that every replica is busy
    # throughout the window counted: what a second process can add.
    warmup, seconds = STEADY_QUICK if quick else STEADY
    out: dict = {"users": users, "replicas": len(names), "one": [], "many": [], "steady": [warmup, seconds]}
    for _ in range(rounds):
        for name, target in (("one", one), ("many", many)):
            load = await steady_load(target, member, users, seconds=seconds, warmup=warmup, timeout=timeout)
            out[name].append(asdict(load))
            say(load)
            await asyncio.sleep(settle)
    return out


def _seeded(db_url: str) -> None:
    """The database seeded once before any server starts (as scripts/cluster.sh does), so that none races to seed it."""
    env = {**os.environ, "KPI_DB_URL": db_url}
    subprocess.run(
        [sys.executable, "-m", "loaders", "status"], cwd=servers.ROOT, env=env, capture_output=True, check=True
    )


def replicas_run(db_url: str, quick: bool, replicas: int = 2) -> dict:
    """N replicas against one alone (`python -m bench --only replicas`), as the load section ends."""
    timeout, settle = (90.0, 2.0) if quick else (180.0, SETTLE_S)
    _seeded(db_url)
    note = load_cluster.missing()
    if note:
        return {"skipped": note, "replicas": replicas}
    with load_cluster.cluster(db_url, replicas) as env:
        users, rounds = (50, 1) if quick else (100, 2)
        return asyncio.run(_replicas(env, users, rounds=rounds, timeout=timeout, settle=settle, quick=quick))


def run(db_url: str, quick: bool, replicas: int = 2) -> dict:
    timeout, settle = (90.0, 2.0) if quick else (180.0, SETTLE_S)
    if quick:
        plan = [(10, "member"), (10, "officer"), (25, "member")]
    else:
        plan = [(n, kind) for n in (10, 25, 50, 100) for kind in ("member", "officer")]
    _seeded(db_url)
    project, floor, element = servers.project(db_url).start(), servers.floor().start(), _element_floor()
    with contextlib.ExitStack() as stack:
        for server in (floor, project, element):
            if server is not None:
                stack.callback(server.stop)
        note, env = load_cluster.missing(), None
        try:
            env = None if note else stack.enter_context(load_cluster.cluster(db_url, replicas))
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            note = f"skipped: {error}"
        for server in (project, floor, element):
            if server is not None:
                server.wait_healthy()

        async def measure() -> dict:
            serial = await _one_at_a_time(project, floor, element, db_url, n=10 if quick else 30, timeout=timeout)
            out = {"serial": serial}
            out["loads"] = await _loads(project, floor, plan, timeout=timeout, settle=settle)
            out["sessions"] = await _sessions(project, floor, n=100 if quick else 300, timeout=timeout)
            if env is None:
                return {**out, "replicas": {"skipped": note, "replicas": replicas}}
            users, rounds = (50, 1) if quick else (100, 2)
            compared = await _replicas(env, users, rounds=rounds, timeout=timeout, settle=settle, quick=quick)
            return {**out, "replicas": compared}

        return asyncio.run(measure())
