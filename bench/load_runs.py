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
    people = _People(target, journey, timeout)

    async def person(i: int) -> list[float] | None:
        await asyncio.sleep(ramp * i / max(1, users - 1))
        return await people.journey(first + i, think)

    async with people.measured() as measured:
        results = await asyncio.gather(*(person(i) for i in range(users)))
    done = [r for r in results if r is not None]
    return people.load(users, done, errors=users - len(done), **measured)


async def steady_load(target: Target, journey, users: int, *, seconds: float, warmup: float, timeout: float) -> Load:
    """`users` people each doing `journey` again and again without pauses, a new session each time; counted over
    `seconds` once `warmup` seconds have passed (journeys finished in that window, the server's and the bench's CPU
    over it): what the server keeps up, without the start and end of a single burst."""
    people, finished = _People(target, journey, timeout), []
    stop = time.perf_counter() + warmup + seconds

    async def person(i: int) -> None:
        j = 0
        while time.perf_counter() < stop:
            steps = await people.journey(i + j * users, 0.0)
            finished.append((time.perf_counter(), steps))
            j += 1

    everyone = asyncio.gather(*(person(i) for i in range(users)))
    await asyncio.sleep(warmup)
    async with people.measured() as measured:
        opened = time.perf_counter()
        await asyncio.sleep(seconds)
    await everyone
    window = [steps for at, steps in finished if opened <= at <= opened + measured["wall"]]
    done = [steps for steps in window if steps is not None]
    return people.load(users, done, errors=len(window) - len(done), **measured)


class _People:
    """What the simulated people of one load share: their failures by kind and their HTTP requests sent again."""

    def __init__(self, target: Target, journey, timeout: float):
        self.target, self.journey_of, self.timeout = target, journey, timeout
        self.kinds: Counter = Counter()
        self.retried = 0

    async def journey(self, i: int, think: float) -> list[float] | None:
        session = Session(self.target.url, timeout=self.timeout)
        try:
            return await self.journey_of(session, i, think)
        except Exception as error:  # noqa: BLE001 - any failure of a step counts, with its reason
            self.kinds[f"{session.step}: {reason(error)}"] += 1
            return None
        finally:
            self.retried += session.retried
            with contextlib.suppress(Exception):
                await session.close()

    @contextlib.asynccontextmanager
    async def measured(self):
        """The server's CPU, the bench's own, the wall time and the peak memory over the block."""
        rss, peak, stop = self.target.rss_mb(), [self.target.rss_mb()], asyncio.Event()
        sampler = asyncio.create_task(_peak(self.target, peak, stop))
        out: dict = {"rss": rss}
        cpu, own, start = self.target.cpu_s(), time.process_time(), time.perf_counter()
        try:
            yield out
        finally:
            out.update(wall=time.perf_counter() - start, used=self.target.cpu_s() - cpu, own=time.process_time() - own)
            stop.set()
            await sampler
            out["peak"] = peak[0]

    def load(self, users: int, done: list[list[float]], *, errors: int, **m) -> Load:
        """The load's figures from each finished journey's step times and what `measured` found."""
        steps, journeys = [x for d in done for x in d], len(done)
        return Load(
            self.target.name,
            self.journey_of.__name__,
            users,
            statistics.median(steps) if steps else float("nan"),
            _quantile(steps, 0.95),
            max(steps, default=float("nan")),
            errors,
            journeys / m["wall"],
            m["used"] / journeys if journeys else float("nan"),
            m["wall"],
            m["own"],
            m["rss"],
            m["peak"],
            dict(self.kinds.most_common(3)),
            len(steps),
            self.retried,
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
