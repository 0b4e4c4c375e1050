"""Page reruns through AppTest, alternating with the floor app: a warm rerun (the council changed to one seen
before) and a cold council (one this process has not shown yet), with the number of charts on the page (plotly
charts and the profile cards' sparklines)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor_app" / "main.py"
PAGES = {
    "Council profile": "pages/explore/profile.py",
    "Trends": "pages/explore/trends.py",
    "Benchmark": "pages/explore/benchmark.py",
    "Data and methods": "pages/about/methods.py",
    "Upload figures": "pages/officers/figures.py",
    "Action plans": "pages/officers/plans.py",
}
WARM = ("E09000002", "E09000004")


@dataclass
class PageTiming:
    page: str
    charts: int
    warm_ms: float
    floor_warm_ms: float
    cold_ms: float
    floor_cold_ms: float

    @property
    def warm_ratio_per_chart(self) -> float:
        return self.warm_ms / self.floor_warm_ms / max(1, self.charts)

    @property
    def cold_ratio(self) -> float:
        return self.cold_ms / self.floor_cold_ms


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].value}")
    return elapsed * 1000


def _floor() -> AppTest:
    return AppTest.from_file(str(FLOOR), default_timeout=120).run()


def _page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page(path).run()
    for code in WARM:  # both councils seen once: later visits are warm
        at.selectbox(key="area").set_value(code).run()
    return at


def time_page(name: str, path: str, cold_councils: list[str], *, repeats: int) -> PageTiming:
    floor, page = _floor(), _page(path)
    for choice in ("option 0", "option 1"):
        floor.selectbox(key="choice").set_value(choice).run()
    warm, floor_warm, cold, floor_cold = [], [], [], []
    for i in range(repeats):
        floor.selectbox(key="choice").set_value(f"option {i % 2}")
        floor_warm.append(_timed(floor))
        page.selectbox(key="area").set_value(WARM[i % 2])
        warm.append(_timed(page))
    for i, code in enumerate(cold_councils):
        floor.selectbox(key="choice").set_value(f"option {100 + i}")
        floor_cold.append(_timed(floor))
        page.selectbox(key="area").set_value(code)
        cold.append(_timed(page))
    # The profile cards' sparklines (SVG drawn with st.html) count as charts, as the targets say.
    sparklines = sum(1 for el in page.get("html") if el.proto.body.lstrip().startswith("<svg"))
    charts = len(page.get("plotly_chart")) + sparklines

    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    return PageTiming(name, charts, med(warm), med(floor_warm), med(cold), med(floor_cold))


def time_pages(cold_pool: list[str], *, repeats: int = 15, cold: int = 6) -> list[PageTiming]:
    """Each page gets councils of its own that no page has shown before in this process."""
    out = []
    for i, (name, path) in enumerate(PAGES.items()):
        councils = cold_pool[i * cold : (i + 1) * cold]
        out.append(time_page(name, path, councils, repeats=repeats))
    return out
