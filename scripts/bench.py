"""Benchmark: store load time and memory, and page rerun cost against Streamlit's own floor.

Run with `make bench`. It prints a table and exits non-zero if a target is missed:
- the snapshot loads and indexes in under 5 s and adds under 500 MB of memory;
- a Trends rerun (a control changed) costs at most 50 ms and at most 5x the rerun of a one-chart app in the
  same shell (the floor): the page draws a dozen controls, a chart, its table and downloads where the floor
  draws one control and one chart, so the difference should be a few tens of milliseconds, never seconds;
- a default evidence pack (the profile's seven measures, Word and PDF) is made warm in under 15 s, shown beside
  seven single PNG exports of the same charts (the pack should cost little more than its charts).
Timings are medians over repeated AppTest reruns in this process; AppTest recompiles every script on each
rerun (the server caches bytecode), which both the floor and the dashboard pay.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPEATS = 15
TARGET_LOAD_S = 5.0
TARGET_LOAD_MB = 500
TARGET_RATIO = 5.0
TARGET_RERUN_MS = 50
TARGET_PACK_S = 15.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_store_load() -> tuple[float, float]:
    from kpi.data.store import Store

    before = rss_mb()
    start = time.perf_counter()
    Store.load()
    return time.perf_counter() - start, rss_mb() - before


def median_rerun(at, action) -> float:
    times = []
    for i in range(REPEATS):
        action(at, i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return statistics.median(times)


def time_pack() -> list[tuple[str, str, str, bool]]:
    """A default pack for the default council, warm (browser started, fonts loaded), and its charts one by one."""
    import datetime as dt

    from charts.export import Exporter
    from charts.trend import trend_figure_from_view
    from kpi.core.defaults import DEFAULT_AREA
    from kpi.data.store import Store
    from kpi.views.pack import PackRequest
    from reports import pdf
    from reports.make import make_pack

    exporter = Exporter()
    if exporter.unavailable_reason:
        return [("report pack", "skipped", "", True)]  # no browser: nothing to time (the reason is in the pack)
    formats = ("docx",) if pdf.unavailable_reason() else ("docx", "pdf")
    store, made, request = Store.load(), dt.datetime.now(), PackRequest(DEFAULT_AREA)
    make_pack(store, request, formats=formats, exporter=exporter, made=made)
    start = time.perf_counter()
    pack = make_pack(store, request, formats=formats, exporter=exporter, made=made).pack
    pack_s = time.perf_counter() - start
    figures = [trend_figure_from_view(section.view) for section in pack.charts()]
    start = time.perf_counter()
    for figure in figures:
        exporter.render(figure, "png")
    png_s = time.perf_counter() - start
    n, what = len(pack.sections), " + ".join(f.upper() for f in formats)
    return [
        (f"report pack, {n} measures, {what} (s)", f"{pack_s:.1f}", f"< {TARGET_PACK_S:.0f}", pack_s < TARGET_PACK_S),
        (f"{len(figures)} single PNG exports (s)", f"{png_s:.1f}", "", True),
    ]


def floor_app() -> str:
    """Streamlit's floor: the same shell (st.navigation, a page file in a sub-folder) around one chart."""
    root = Path(tempfile.mkdtemp())
    (root / "pages" / "one").mkdir(parents=True)
    (root / "pages" / "one" / "chart.py").write_text(
        textwrap.dedent("""
        import plotly.graph_objects as go
        import streamlit as st
        x = st.selectbox("x", ["a", "b"], key="x")
        st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2] if x == "a" else [2, 1, 3])), theme=None)
    """)
    )
    (root / "main.py").write_text(
        textwrap.dedent("""
        import streamlit as st
        st.navigation([st.Page("pages/one/chart.py", default=True)]).run()
    """)
    )
    return str(root / "main.py")


def main() -> int:
    from streamlit.testing.v1 import AppTest

    load_s, load_mb = time_store_load()

    floor = AppTest.from_file(floor_app(), default_timeout=120).run()
    floor_s = median_rerun(floor, lambda at, i: at.selectbox(key="x").set_value("ab"[i % 2]))

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    app.switch_page("pages/explore/trends.py").run()
    toggles = ["per_head"]
    trends_s = median_rerun(app, lambda at, i: at.toggle(key=toggles[0]).set_value(bool(i % 2)))
    areas = ["E09000002", "E09000004", "E07000236", "E10000016"]
    council_s = median_rerun(app, lambda at, i: at.selectbox(key="area").set_value(areas[i % len(areas)]))

    ratio = max(trends_s, council_s) / floor_s
    rows = [
        ("store load (s)", f"{load_s:.2f}", f"< {TARGET_LOAD_S}", load_s < TARGET_LOAD_S),
        ("store memory (MB)", f"{load_mb:.0f}", f"< {TARGET_LOAD_MB}", load_mb < TARGET_LOAD_MB),
        ("floor rerun, one-chart app (ms)", f"{floor_s * 1000:.0f}", "", True),
        (
            "trends rerun, toggle (ms)",
            f"{trends_s * 1000:.0f}",
            f"<= {TARGET_RERUN_MS}",
            trends_s * 1000 <= TARGET_RERUN_MS,
        ),
        (
            "trends rerun, council change (ms)",
            f"{council_s * 1000:.0f}",
            f"<= {TARGET_RERUN_MS}",
            council_s * 1000 <= TARGET_RERUN_MS,
        ),
        ("worst rerun / floor", f"{ratio:.1f}x", f"<= {TARGET_RATIO}x", ratio <= TARGET_RATIO),
        ("peak RSS (MB)", f"{rss_mb():.0f}", "", True),
        *time_pack(),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:>8}  {target:>8}  {'ok' if ok else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    sys.exit(main())
