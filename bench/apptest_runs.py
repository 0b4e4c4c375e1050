"""Page reruns through AppTest, alternating with two floors: a warm rerun (the council changed to one seen before)
and a cold council (one this process has not shown yet), each beside the one-chart floor (bench/floor_app: one
select box, one cached chart) and beside the page's element floor (bench/element_floor: the same page drawn again
from a recording of what it drew, with constant data). The page is recorded here, for both warm councils, just
before it is timed."""

from __future__ import annotations

import contextlib
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from bench.element_floor import recording
from ui import navigation

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor_app" / "main.py"
ELEMENT_FLOOR = Path(__file__).resolve().parent / "element_floor" / "main.py"
TIMED = ("profile", "trends", "benchmark", "methods", "upload", "actions", "sources")  # url paths
PAGES = {title: (script, url) for script, title, _, url in navigation.PAGES if url in TIMED}  # name: (script, url)
WARM = ("E09000002", "E09000004")
NAN = float("nan")


@dataclass
class PageTiming:
    page: str
    charts: int
    warm_ms: float
    floor_warm_ms: float
    cold_ms: float
    floor_cold_ms: float
    element_warm_ms: float = NAN
    element_cold_ms: float = NAN
    drawn: dict[str, int] = field(default_factory=dict)  # what the page drew, by kind (its element floor's too)


@contextlib.contextmanager
def compiled_once():
    """AppTest compiles the app's scripts again on every run (a new ScriptCache each time), which a server never does:
    its runtime keeps one cache, so each script is compiled once per process. While this is open, every AppTest run
    shares one cache, so that a run's time is what a server's rerun costs (about 1 ms of compiling a run otherwise,
    and more for the dashboard's longer scripts than for either floor's)."""
    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield shared
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return elapsed * 1000


def _floor() -> AppTest:
    return AppTest.from_file(str(FLOOR), default_timeout=120).run()


def _label(at: AppTest, code: str) -> str:
    """The council picker's label for a code ("Name (CODE)"), as the element floor's picker lists it."""
    return next(o for o in at.selectbox(key="area").options if o.endswith(f"({code})"))


def _page(path: str, slug: str | None) -> tuple[AppTest, dict]:
    """The page with both warm councils seen once (later visits are warm), each recorded for the element floor."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page(path).run()
    drawn: dict = {}
    with recording.capture() as runs:
        for code in WARM:
            at.selectbox(key="area").set_value(code).run()
            if slug:
                recording.save(recording.folder(), slug, _label(at, code), runs[-1])
                drawn = recording.tree(runs[-1]).counts()
    return at, drawn


def _element_floor(slug: str, labels: list[str]) -> AppTest:
    at = AppTest.from_file(str(ELEMENT_FLOOR), default_timeout=120).run()
    at.switch_page(f"drawn/{slug}.py").run()
    for label in labels:
        at.selectbox(key="area").set_value(label).run()
    if at.exception:
        raise RuntimeError(f"the element floor of {slug} raised: {at.exception[0].value}")
    return at


def _med(values: list[float]) -> float:
    return statistics.median(values) if values else NAN


def time_page(name: str, path: str, cold_councils: list[str], *, repeats: int, slug: str | None = None) -> PageTiming:
    """Warm and cold reruns of the page, the one-chart floor and (given `slug`) the page's element floor in turn,
    each script compiled once (`compiled_once`), as a server does."""
    with compiled_once():
        return _time_page(name, path, cold_councils, repeats=repeats, slug=slug)


def _time_page(name: str, path: str, cold_councils: list[str], *, repeats: int, slug: str | None) -> PageTiming:
    floor, (page, drawn) = _floor(), _page(path, slug)
    for choice in ("option 0", "option 1"):
        floor.selectbox(key="choice").set_value(choice).run()
    element = _element_floor(slug, [_label(page, c) for c in WARM]) if slug else None
    times: dict[str, list[float]] = {k: [] for k in ("warm", "floor_warm", "el_warm", "cold", "floor_cold", "el_cold")}
    for i in range(repeats):
        floor.selectbox(key="choice").set_value(f"option {i % 2}")
        times["floor_warm"].append(_timed(floor))
        if element is not None:
            element.selectbox(key="area").set_value(_label(page, WARM[i % 2]))
            times["el_warm"].append(_timed(element))
        page.selectbox(key="area").set_value(WARM[i % 2])
        times["warm"].append(_timed(page))
    for i, code in enumerate(cold_councils):
        floor.selectbox(key="choice").set_value(f"option {100 + i}")
        times["floor_cold"].append(_timed(floor))
        if element is not None:
            element.selectbox(key="area").set_value(_label(page, code))
            times["el_cold"].append(_timed(element))
        page.selectbox(key="area").set_value(code)
        times["cold"].append(_timed(page))
    # The profile cards' trend lines (images in the cards' HTML block) count as charts, as the targets say.
    sparklines = sum(el.proto.body.count('class="kpi-sparkline"') for el in page.get("html"))
    charts = len(page.get("plotly_chart")) + sparklines
    m = {k: _med(v) for k, v in times.items()}
    return PageTiming(
        name, charts, m["warm"], m["floor_warm"], m["cold"], m["floor_cold"], m["el_warm"], m["el_cold"], drawn
    )


def time_pages(cold_pool: list[str], *, repeats: int = 15, cold: int = 12) -> list[PageTiming]:
    """Each page gets councils of its own that no page has shown before in this process."""
    for old in recording.folder().glob("*.pb"):  # this run's recordings only
        old.unlink()
    (recording.folder() / recording.INDEX).unlink(missing_ok=True)
    out = []
    for i, (name, (path, slug)) in enumerate(PAGES.items()):
        councils = cold_pool[i * cold : (i + 1) * cold]
        out.append(time_page(name, path, councils, repeats=repeats, slug=slug))
    return out
