"""Two measures of the load section beside the loads themselves, both through the protocol client:

- one person at a time: `n` journeys one after another, without pauses, on each app in turn, for the server's CPU
  per journey with no other session running (the steadiest figure of what a journey costs the server), both in the
  project's configuration and, for comparison, with Streamlit's default full collection after every run;
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


async def serial(target: Target, journey, n: int, *, configuration: str, timeout: float) -> Serial:
    cpu, start = target.cpu_s(), time.perf_counter()
    for i in range(n):
        session = Session(target.url, timeout=timeout)
        try:
            await journey(session, i, 0.0)
        finally:
            await session.close()
    used, wall = target.cpu_s() - cpu, time.perf_counter() - start
    return Serial(target.name, journey.__name__, configuration, n, used / n, wall / n)


async def sessions(target: Target, journey, n: int, *, at_once: int, timeout: float) -> Sessions:
    await asyncio.sleep(SETTLE_S)
    before, errors = target.rss_mb(), 0
    for first in range(0, n, at_once):
        load = await one_load(target, journey, at_once, timeout=timeout, think=0.0, ramp=0.0, first=first)
        errors += load.errors
    say(load)
    await asyncio.sleep(2 * SETTLE_S)  # past the disconnected sessions' time to live (5 s)
    return Sessions(target.name, n, errors, before, target.rss_mb())
