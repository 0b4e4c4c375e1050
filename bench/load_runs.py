"""Many people at once, at the protocol level (no browsers): N simulated people arrive over a few seconds and each
does one journey (bench/journeys.py) against a real server, the dashboard and the floor app alternately in the same
run. For each load: interaction times (p50, p95, max), failed journeys and why, the server's CPU seconds per
finished journey (utime + stime from /proc, before and after), journeys finished per second, the server's memory,
and the bench's own CPU (it shares the two cores with the server)."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.protocol import Session

RAMP_S = 4.0  # people arrive evenly over this many seconds
THINK_S = 1.0
SETTLE_S = 6.0  # after a load, past the servers' disconnected-session TTL (5 s)


@dataclass
class Target:
    """An app as the load sees it: one address, and the server processes whose CPU and memory count."""

    name: str
    url: str
    processes: list  # objects with cpu_s() and rss_mb()

    def cpu_s(self) -> float:
        return sum(p.cpu_s() for p in self.processes)

    def rss_mb(self) -> float:
        return sum(p.rss_mb() for p in self.processes)


@dataclass
class Load:
    app: str
    journey: str
    users: int
    p50_s: float
    p95_s: float
    max_s: float
    errors: int
    journeys_per_s: float
    cpu_per_journey_s: float  # nan when no journey finished
    wall_s: float
    bench_cpu_s: float
    rss_before_mb: float
    rss_peak_mb: float
    error_kinds: dict[str, int] = field(default_factory=dict)
    steps: int = 0
    retried: int = 0  # HTTP requests sent again on a new connection (bench/http1.py, Browser.request)


def reason(error: BaseException) -> str:
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}"[:140]


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))] if ordered else float("nan")


async def _peak(target: Target, box: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        with contextlib.suppress(OSError, ValueError):
            box[0] = max(box[0], target.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def one_load(
    target: Target, journey, users: int, *, timeout: float, think: float = THINK_S, ramp: float = RAMP_S, first: int = 0
) -> Load:
    """`users` people each doing `journey` once, arriving evenly over `ramp` seconds; bounded by `timeout` a step."""
    kinds: Counter = Counter()
    retried = [0]
    rss, peak, stop = target.rss_mb(), [target.rss_mb()], asyncio.Event()
    sampler = asyncio.create_task(_peak(target, peak, stop))

    async def person(i: int) -> list[float] | None:
        await asyncio.sleep(ramp * i / max(1, users - 1))
        session = Session(target.url, timeout=timeout)
        try:
            return await journey(session, first + i, think)
        except Exception as error:  # noqa: BLE001 - any failure of a step counts, with its reason
            kinds[f"{session.step}: {reason(error)}"] += 1
            return None
        finally:
            retried[0] += session.retried
            with contextlib.suppress(Exception):
                await session.close()

    cpu, own, start = target.cpu_s(), time.process_time(), time.perf_counter()
    results = await asyncio.gather(*(person(i) for i in range(users)))
    wall, used, own = time.perf_counter() - start, target.cpu_s() - cpu, time.process_time() - own
    stop.set()
    await sampler
    done = [r for r in results if r is not None]
    steps = [s for r in done for s in r]
    return Load(
        target.name,
        journey.__name__,
        users,
        statistics.median(steps) if steps else float("nan"),
        _quantile(steps, 0.95),
        max(steps, default=float("nan")),
        users - len(done),
        len(done) / wall,
        used / len(done) if done else float("nan"),
        wall,
        own,
        rss,
        peak[0],
        dict(kinds.most_common(3)),
        len(steps),
        retried[0],
    )


async def warm(target: Target, journey, *, timeout: float, people: int, at_once: int = 5) -> None:
    """Every person's choices once, `at_once` at a time and without pauses, so that loads measure a warm server."""
    for first in range(0, people, at_once):
        await one_load(target, journey, min(at_once, people - first), timeout=timeout, think=0.0, ramp=0.0, first=first)


def say(load: Load) -> None:
    """A line on stderr per load, as it finishes (the table comes at the end)."""
    print(
        f"bench: load: {load.app} {load.journey} x{load.users}: {load.wall_s:.0f} s, p95 {load.p95_s:.2f} s, "
        f"{load.errors} failed, {load.cpu_per_journey_s:.2f} CPU s per journey",
        file=sys.stderr,
        flush=True,
    )
