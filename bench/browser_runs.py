"""The real app in headless Chromium: server start to first chart, page open to first chart, concurrent member
journeys (latency per interaction, errors, server memory and CPU) and memory after many sessions, each beside the
floor app doing the same in the same run. The browsers share the machine's cores with the server, so latency
under load measures them as much as the server; server CPU per journey is the server's own cost."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from playwright.async_api import async_playwright

from bench.flags import CHROMIUM, CHROMIUM_ARGS
from bench.servers import Server

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RAMP_S = 0.5  # sessions arrive this far apart, as people do, rather than in the same instant
CHART = ".js-plotly-plot .gtitle"
TIMEOUT = 180_000


async def _open(page, url: str) -> None:
    """Go to the page and wait only for the server's answer: the charts are awaited after, within TIMEOUT. (Waiting
    for the load event, 30 s by default, timed out every session once 25 browsers fetched and compiled the
    frontend at once on two cores, before any of them reached the server.)"""
    await page.goto(url, wait_until="commit", timeout=TIMEOUT)


async def _settle(page, text: str | None = None) -> None:
    if text:
        await page.locator(CHART).filter(has_text=text).first.wait_for(timeout=TIMEOUT)
    await page.wait_for_selector(IDLE, timeout=TIMEOUT)


async def _pick(page, label: str, value: str) -> None:
    box = page.get_by_role("combobox", name=label)
    await box.click()
    await page.keyboard.type(value)
    await page.keyboard.press("Enter")


async def member_journey(page, url: str) -> list[float]:
    """Open the profile, change council, open Trends, switch to real terms: seconds per interaction."""
    steps = []
    start = time.perf_counter()
    await _open(page, url + "/")
    await page.get_by_role("heading", name="Council profile: Barking and Dagenham").wait_for(timeout=TIMEOUT)
    await _settle(page)
    steps.append(time.perf_counter() - start)
    start = time.perf_counter()
    await _pick(page, "Council", "Bexley (E09000004)")
    await page.get_by_role("heading", name="Council profile: Bexley").wait_for(timeout=TIMEOUT)
    await _settle(page)
    steps.append(time.perf_counter() - start)
    start = time.perf_counter()
    await page.get_by_role("link", name="Trends").click()
    await _settle(page, "Bexley")
    steps.append(time.perf_counter() - start)
    start = time.perf_counter()
    await page.get_by_text("Real terms", exact=True).click()
    await _settle(page, "real terms")
    steps.append(time.perf_counter() - start)
    return steps


async def floor_journey(page, url: str) -> list[float]:
    """Open the page, then change the control three times: the same number of interactions."""
    steps = []
    start = time.perf_counter()
    await _open(page, url + "/")
    await _settle(page, "Floor chart option 0")
    steps.append(time.perf_counter() - start)
    for choice in ("option 7", "option 8", "option 9"):
        start = time.perf_counter()
        await _pick(page, "Choice", choice)
        await _settle(page, f"Floor chart {choice}")
        steps.append(time.perf_counter() - start)
    return steps


@dataclass
class Load:
    sessions: int
    p50_s: float
    p95_s: float
    errors: int
    rss_before_mb: float
    rss_peak_mb: float
    rss_after_mb: float
    cpu_per_journey_s: float  # nan when no journey finished
    error_kinds: dict[str, int] = field(default_factory=dict)  # first line of each error, counted


class _Sampler(threading.Thread):
    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, server.rss_mb(), True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.server.rss_mb())
            time.sleep(0.2)


async def _load(browser, server: Server, journey, sessions: int) -> Load:
    before, cpu = server.rss_mb(), server.cpu_s()
    sampler = _Sampler(server)
    sampler.start()

    kinds: Counter = Counter()

    async def one(i: int) -> list[float] | None:
        await asyncio.sleep(i * RAMP_S)
        try:
            context = await browser.new_context(viewport={"width": 1300, "height": 900})
        except Exception as error:  # noqa: BLE001 - the browser itself failed: counted with its reason
            kinds[_reason(error)] += 1
            return None
        try:
            return await journey(await context.new_page(), server.url)
        except Exception as error:  # noqa: BLE001 - a timeout or a failed step is counted as an error, whatever its kind
            kinds[_reason(error)] += 1
            return None
        finally:
            with contextlib.suppress(Exception):
                await context.close()

    results = await asyncio.gather(*(one(i) for i in range(sessions)))
    sampler.running = False
    done = [r for r in results if r is not None]
    steps = sorted(s for r in done for s in r) or [float("nan")]
    await asyncio.sleep(8)  # past the disconnected-session TTL the servers run with
    return Load(
        sessions,
        statistics.median(steps),
        steps[int(0.95 * (len(steps) - 1))],
        sessions - len(done),
        before,
        sampler.peak,
        server.rss_mb(),
        (server.cpu_s() - cpu) / len(done) if done else float("nan"),
        dict(kinds.most_common()),
    )


def _reason(error: BaseException) -> str:
    """An error's kind and the first line of its message, short enough for a table."""
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}"[:120]


async def _first_chart(browser, url: str, path: str, text: str) -> float:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await _open(page, url + path)
        await _settle(page, text)
        return time.perf_counter() - start
    finally:
        await context.close()


async def _start_to_chart(browser, server: Server, path: str, text: str) -> float:
    """From starting the process to the first chart drawn in a browser."""
    server.start()
    await asyncio.to_thread(server.wait_healthy)
    await _first_chart(browser, server.url, path, text)
    return time.perf_counter() - server.started


async def _sessions(p, server: Server, count: int, path: str, text: str, batch: int = 20) -> tuple:
    """Open and close `count` sessions, `batch` at a time in a browser of their own; memory before and once the
    server has let them go, how many never drew their chart, and why (first line of each error, counted)."""
    before, kinds = server.rss_mb(), Counter()
    for start in range(0, count, batch):
        async with _browser(p) as browser:
            opened = (_first_chart(browser, server.url, path, text) for _ in range(min(batch, count - start)))
            results = await asyncio.gather(*opened, return_exceptions=True)
        kinds.update(_reason(r) for r in results if isinstance(r, Exception))  # sessions that never drew a chart
    await asyncio.sleep(10)
    return before, server.rss_mb(), sum(kinds.values()), dict(kinds.most_common())


@contextlib.asynccontextmanager
async def _browser(p):
    browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        with contextlib.suppress(Exception):
            await browser.close()


@dataclass(frozen=True)
class Journey:
    server: Server
    path: str  # the page a first chart is awaited on
    chart_text: str
    journey: object


async def browser_benchmark(project: Journey, floor: Journey, *, loads=(10, 25, 50), sessions: int = 300) -> dict:
    out: dict = {"start_to_first_chart_s": {}, "open_to_first_chart_s": {}, "load": {}, "sessions": {}}
    out["sessions_opened"] = sessions
    async with async_playwright() as p:
        # A browser of its own for every step, so a browser that fails under one load does not fail the next.
        async with _browser(p) as browser:
            for name, j in (("project", project), ("floor", floor)):
                out["start_to_first_chart_s"][name] = await _start_to_chart(browser, j.server, j.path, j.chart_text)
            for _ in range(5):  # alternately, so both see the same machine
                for name, j in (("project", project), ("floor", floor)):
                    t = await _first_chart(browser, j.server.url, j.path, j.chart_text)
                    out["open_to_first_chart_s"].setdefault(name, []).append(t)
        for n in loads:
            for name, j in (("project", project), ("floor", floor)):
                async with _browser(p) as browser:
                    out["load"].setdefault(name, []).append(await _load(browser, j.server, j.journey, n))
        for name, j in (("project", project), ("floor", floor)):
            out["sessions"][name] = await _sessions(p, j.server, sessions, j.path, j.chart_text)
    out["open_to_first_chart_s"] = {k: statistics.median(v) for k, v in out["open_to_first_chart_s"].items()}
    return out
