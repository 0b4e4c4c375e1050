"""Two measures of the load section beside the loads themselves, both through the protocol client:

- one person at a time: `n` journeys one after another, without pauses, the apps taking turns journey by journey,
  for the server's CPU per journey with no other session running (the steadiest figure of what a journey costs the
  server), both in the project's configuration and, for comparison, with Streamlit's default full collection after
  every run;
- sessions opened and closed: `n` member journeys, `at_once` at a time, then the server's resident memory once the
  closed sessions have expired, against its memory before (the issue's "300 sessions opened and closed")."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from bench.load_runs import SETTLE_S, Target, one_load, say
from bench.protocol import Session


@dataclass
class Serial:
    app: str
    journey: str
    configuration: str  # "project" or "Streamlit's default collection"
    journeys: int
    cpu_per_journey_s: float
    wall_per_journey_s: float


@dataclass
class Sessions:
    app: str
    sessions: int
    errors: int
    rss_before_mb: float
    rss_after_mb: float

    @property
    def change(self) -> float:
        return self.rss_after_mb / self.rss_before_mb - 1


async def serial(apps: list[tuple[Target, object]], n: int, *, configuration: str, timeout: float) -> list[Serial]:
    """`n` journeys on each app, one person at a time and taking turns (the first app's journey i, the second's, ...,
    then journey i + 1), so that whatever else the machine does falls on every app alike; each app's CPU is
    counted while its own journeys run."""
    cpu, wall = [0.0] * len(apps), [0.0] * len(apps)
    for i in range(n):
        for k, (target, journey) in enumerate(apps):
            before, start = target.cpu_s(), time.perf_counter()
            session = Session(target.url, timeout=timeout)
            try:
                await journey(session, i, 0.0)
            finally:
                await session.close()
            cpu[k] += target.cpu_s() - before
            wall[k] += time.perf_counter() - start
    return [
        Serial(target.name, journey.__name__, configuration, n, cpu[k] / n, wall[k] / n)
        for k, (target, journey) in enumerate(apps)
    ]


async def sessions(target: Target, journey, n: int, *, at_once: int, timeout: float) -> Sessions:
    await asyncio.sleep(SETTLE_S)
    before, errors = target.rss_mb(), 0
    for first in range(0, n, at_once):
        load = await one_load(target, journey, at_once, timeout=timeout, think=0.0, ramp=0.0, first=first)
        errors += load.errors
    say(load)
    await asyncio.sleep(2 * SETTLE_S)  # past the disconnected sessions' time to live (5 s)
    return Sessions(target.name, n, errors, before, target.rss_mb())
