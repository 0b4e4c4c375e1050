"""Image export, upload validation and the store at ten times the data: each against its own target."""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def export_times(concurrent: int = 20) -> dict:
    """A warm PNG (median of five) and `concurrent` PNGs at once, each checked against its own sequential image."""
    from charts.export import Exporter
    from charts.trend import trend_figure_from_view
    from kpi.model.store import Store
    from kpi.views.trend import TrendRequest, trend_view

    store = Store.load()
    areas = store.catalogue.current_areas()["area_code"].tolist()[:concurrent]
    figures = [
        trend_figure_from_view(trend_view(store, TrendRequest(area_code=a, metric_id="population"))) for a in areas
    ]
    exporter = Exporter()
    if exporter.unavailable_reason:
        return {"unavailable": exporter.unavailable_reason}
    exporter.render(figures[0], "png")  # the browser starts
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        exporter.render(figures[0], "png")
        warm.append(time.perf_counter() - start)
    alone = [exporter.render(f, "png") for f in figures]
    results: list[bytes | None] = [None] * len(figures)

    def render(i: int) -> None:
        results[i] = exporter.render(figures[i], "png")

    threads = [threading.Thread(target=render, args=(i,)) for i in range(len(figures))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    together = time.perf_counter() - start
    own = sum(r == a for r, a in zip(results, alone))
    return {
        "warm_png_s": statistics.median(warm),
        "concurrent": concurrent,
        "concurrent_total_s": together,
        "images_with_their_own_chart": own,
    }


def _rows(n: int, areas: list[str]) -> pd.DataFrame:
    periods = [f"{y}-{(y + 1) % 100:02d}" for y in range(1990, 2025)]
    keys = [(a, m, p) for m in ("fte", "headcount") for a in areas for p in periods][:n]
    return pd.DataFrame(
        {
            "area_code": [k[0] for k in keys],
            "metric_id": [k[1] for k in keys],
            "period": [k[2] for k in keys],
            "value": [1000 + i % 500 for i in range(len(keys))],
        }
    )


def validation_rates(n: int = 20_000, repeats: int = 5) -> dict:
    """Rows per second through the upload parser (the median of `repeats` runs), for a valid CSV and XLSX of `n` rows
    made for the benchmark, and calamine's own read of the same workbook's sheet (its median), which the XLSX target
    is measured against."""
    from python_calamine import CalamineWorkbook

    from kpi.model.store import Store
    from kpi.officers.figures.read import parse_upload

    catalogue = Store.load().catalogue
    frame = _rows(n, catalogue.areas["area_code"].tolist())
    csv = frame.to_csv(index=False).encode()
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    xlsx = buffer.getvalue()
    out = {"rows": len(frame), "repeats": repeats}
    for kind, data in (("csv", csv), ("xlsx", xlsx)):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            parsed = parse_upload(data, f"bench.{kind}", catalogue)
            times.append(time.perf_counter() - start)
        out[f"{kind}_rows_per_s"] = len(frame) / statistics.median(times)
        out[f"{kind}_ok"] = parsed.ok
    reads = []
    for _ in range(repeats):
        start = time.perf_counter()
        CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
        reads.append(time.perf_counter() - start)
    out["calamine_read_s"] = statistics.median(reads)
    return out


def scaled_copy(factor: int) -> Path:
    """A copy of data/ whose observations are `factor` times as many: the real rows, then synthetic councils
    (codes E99xxxxxx, labelled synthetic) with the same figures. For timing only; never shown or shipped."""
    target = Path(tempfile.mkdtemp(prefix=f"kpi-bench-{factor}x-"))
    names = ("areas.csv", "metrics.csv", "sources.csv", "deflators.csv", "neighbours.csv", "snapshot.json")
    for name in (*names, "unavailable_measures.csv"):
        (target / name).write_bytes((ROOT / "data" / name).read_bytes())
    obs = pd.read_csv(ROOT / "data" / "observations.csv", dtype=str, keep_default_na=False)
    areas = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str, keep_default_na=False)
    copies, extra_areas = [obs], []
    for k in range(1, factor):
        codes = {c: f"E99{k:02d}{i:04d}" for i, c in enumerate(areas["area_code"])}
        copies.append(obs.assign(area_code=obs["area_code"].map(codes)))
        extra_areas.append(
            areas.assign(
                area_code=areas["area_code"].map(codes),
                area_name=areas["area_name"] + f" (synthetic {k})",
                successor_codes="",
                predecessor_codes="",
                former_codes="",
            )
        )
    pd.concat(copies).to_csv(target / "observations.csv", index=False)
    pd.concat([areas, *extra_areas]).to_csv(target / "areas.csv", index=False)
    return target


def store_load(directory: Path) -> dict:
    """Load time and memory of the store, in a fresh process (so one measurement does not warm the next)."""
    import json
    import subprocess
    import sys

    code = (
        "import json, resource, time; from kpi.model.store import Store; "
        "b = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t = time.perf_counter(); "
        f"Store.load(__import__('pathlib').Path({str(directory)!r})); "
        "print(json.dumps({'load_s': time.perf_counter() - t, "
        "'memory_mb': (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - b) / 1024}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pack_time() -> dict:
    """The default evidence pack made warm (browser started, fonts loaded), beside its charts as single PNGs."""
    import datetime as dt

    from charts.export import Exporter
    from charts.trend import trend_figure_from_view
    from kpi.core.defaults import DEFAULT_AREA
    from kpi.model.store import Store
    from kpi.views.pack.build import PackRequest
    from reports import pdf
    from reports.make import make_pack

    exporter = Exporter()
    if exporter.unavailable_reason:
        return {"unavailable": exporter.unavailable_reason}
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
    return {
        "pack_s": pack_s,
        "measures": len(pack.sections),
        "formats": list(formats),
        "charts": len(figures),
        "single_png_s": time.perf_counter() - start,
    }
