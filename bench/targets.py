"""The targets the README states, as checks on the measured figures; and the report (JSON and a markdown table)."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from pathlib import Path

from bench.targets_load import load_rows
from bench.targets_pages import page_rows

OUT = Path(__file__).resolve().parent
TARGETS = {
    "cpu_per_journey": 1.5,  # x the floor's server CPU for the same number of interactions
    "errors_at_50": 0,
    "rss_after_sessions": 1.10,  # x the baseline after 300 sessions opened and closed
    "warm_png_s": 0.5,
    "validation_rows_per_s": 200_000,  # CSV, median
    "validation_xlsx_of_calamine": 2.0,  # XLSX: the whole check within twice calamine's own read of the sheet
    "scaled_rerun": 1.25,  # 10x data: warm Trends rerun x the 1x rerun
    "scaled_load_s": 5.0,
    "pack_s": 15.0,  # the default evidence pack, Word and PDF, warm
}


def rows(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, target, met) for every figure; met None where there is no target."""
    out = _machine_rows(results.get("machine"))
    out += page_rows(results.get("pages", []))
    out += _browser_rows(results.get("browser", {}))
    out += _other_rows(results)
    return out + load_rows(results.get("load"))


def _machine_rows(m: dict | None) -> list:
    """The machine the run had: its cores and its load average (one minute) as the run began and ended."""
    if not m:
        return []
    start, end = m["load_average_start"], m["load_average_end"]
    return [("machine: cores; load average (1 min) at start / end", f"{m['cores']}; {start:.2f} / {end:.2f}", "", None)]


def _browser_rows(b: dict) -> list:
    if not b:
        return []
    out = []
    for key, label in (
        ("start_to_first_chart_s", "server start to first chart"),
        ("open_to_first_chart_s", "page open to first chart"),
    ):
        pr, fl = b[key]["project"], b[key]["floor"]
        out.append((label, f"{pr:.1f} s vs floor {fl:.1f} s = {pr / fl:.1f}x", "", None))
    for pr, fl in zip(b["load"]["project"], b["load"]["floor"]):
        n = pr["sessions"]
        out.append(
            (
                f"{n} sessions: interaction p50 / p95",
                f"{pr['p50_s']:.1f} / {pr['p95_s']:.1f} s vs floor {fl['p50_s']:.1f} / {fl['p95_s']:.1f} s",
                "",
                None,
            )
        )
        out.append(
            (
                f"{n} sessions: errors",
                f"{pr['errors']} (floor {fl['errors']})",
                "0" if n == 50 else "",
                pr["errors"] == 0 if n == 50 else None,
            )
        )
        ratio = pr["cpu_per_journey_s"] / fl["cpu_per_journey_s"]
        out.append(
            (
                f"{n} sessions: server CPU per journey",
                f"{pr['cpu_per_journey_s']:.2f} s vs floor {fl['cpu_per_journey_s']:.2f} s = {ratio:.1f}x",
                f"<= {TARGETS['cpu_per_journey']}x",
                ratio <= TARGETS["cpu_per_journey"],
            )
        )
        out.append(
            (
                f"{n} sessions: server memory before / peak / after",
                f"{pr['rss_before_mb']:.0f} / {pr['rss_peak_mb']:.0f} / {pr['rss_after_mb']:.0f} MB (floor "
                f"{fl['rss_before_mb']:.0f} / {fl['rss_peak_mb']:.0f} / {fl['rss_after_mb']:.0f})",
                "",
                None,
            )
        )
    return out + _session_rows(b)


def _session_rows(b: dict) -> list:
    """Memory after many sessions opened and closed, and why sessions failed, if any did."""
    out = []
    sessions = b.get("sessions_opened", 300)
    (before, after, failed, kinds), (fb, fa, ffailed, fkinds) = b["sessions"]["project"], b["sessions"]["floor"]
    out.append(
        (
            f"memory after {sessions} sessions opened and closed",
            f"{before:.0f} -> {after:.0f} MB (floor {fb:.0f} -> {fa:.0f}); never drew their chart: {failed} "
            f"(floor {ffailed})",
            f"<= +{(TARGETS['rss_after_sessions'] - 1) * 100:.0f}%",
            after <= before * TARGETS["rss_after_sessions"],
        )
    )
    loads = zip(b["load"]["project"], b["load"]["floor"])
    for label, pr, fl in (
        *((f"{load['sessions']} sessions", load, fload) for load, fload in loads),
        (f"{sessions} sessions opened", {"error_kinds": kinds}, {"error_kinds": fkinds}),
    ):
        if pr.get("error_kinds") or fl.get("error_kinds"):
            out.append((f"{label}: why sessions failed", f"{_kinds(pr)} (floor: {_kinds(fl)})", "", None))
    return out


def _kinds(result: dict) -> str:
    return "; ".join(f"{n} x {kind}" for kind, n in result.get("error_kinds", {}).items()) or "none"


def _other_rows(results: dict) -> list:
    out = []
    if e := results.get("export"):
        if "unavailable" in e:
            out.append(("PNG export", e["unavailable"], "", None))
        else:
            out.append(
                (
                    "PNG export, warm",
                    f"{e['warm_png_s']:.2f} s",
                    f"<= {TARGETS['warm_png_s']} s",
                    e["warm_png_s"] <= TARGETS["warm_png_s"],
                )
            )
            out.append(
                (
                    f"{e['concurrent']} PNG exports at once",
                    f"{e['concurrent_total_s']:.1f} s, "
                    f"{e['images_with_their_own_chart']} of {e['concurrent']} with their own chart",
                    "each its own",
                    e["images_with_their_own_chart"] == e["concurrent"],
                )
            )
    if v := results.get("validation"):
        out += _validation_rows(v)
    if s := results.get("scale"):
        out.append(
            (
                "store load, 1x / 10x data (synthetic councils)",
                f"{s['1x']['load_s']:.2f} / "
                f"{s['10x']['load_s']:.2f} s, {s['1x']['memory_mb']:.0f} / {s['10x']['memory_mb']:.0f} MB",
                f"< {TARGETS['scaled_load_s']} s",
                s["10x"]["load_s"] < TARGETS["scaled_load_s"],
            )
        )
        ratio = s["10x_rerun_ms"] / s["1x_rerun_ms"]
        out.append(
            (
                "Trends warm rerun, 10x / 1x data",
                f"{s['10x_rerun_ms']:.0f} / {s['1x_rerun_ms']:.0f} ms = {ratio:.2f}x",
                f"<= {TARGETS['scaled_rerun']}x",
                ratio <= TARGETS["scaled_rerun"],
            )
        )
    out += _pack_rows(results.get("pack"))
    for extra in results.get("extra", []):
        out.append(tuple(extra))
    return out


def _pack_rows(p: dict | None) -> list:
    if not p:
        return []
    if "unavailable" in p:
        return [("report pack", p["unavailable"], "", None)]
    what = " + ".join(f.upper() for f in p["formats"])
    return [
        (
            f"report pack, {p['measures']} measures, {what} (beside {p['charts']} single PNGs)",
            f"{p['pack_s']:.1f} s ({p['single_png_s']:.1f} s)",
            f"< {TARGETS['pack_s']:.0f} s",
            p["pack_s"] < TARGETS["pack_s"],
        )
    ]


def plain(value):
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _validation_rows(v: dict) -> list:
    csv, xlsx = v["csv_rows_per_s"], v["xlsx_rows_per_s"]
    out = [
        (
            f"upload validation, {v['rows']:,} rows CSV (median of {v.get('repeats', 1)})",
            f"{csv:,.0f} rows/s",
            f">= {TARGETS['validation_rows_per_s']:,} rows/s",
            csv >= TARGETS["validation_rows_per_s"],
        )
    ]
    if "calamine_read_s" not in v:  # results written before calamine's own read was measured
        return [*out, (f"upload validation, {v['rows']:,} rows XLSX", f"{xlsx:,.0f} rows/s", "", None)]
    took, read, limit = v["rows"] / xlsx, v["calamine_read_s"], TARGETS["validation_xlsx_of_calamine"]
    return [
        *out,
        (
            f"upload validation, {v['rows']:,} rows XLSX (median of {v.get('repeats', 1)}), against calamine's own "
            "read of the sheet",
            f"{took * 1000:.0f} ms vs {read * 1000:.0f} ms = {took / read:.1f}x ({xlsx:,.0f} rows/s)",
            f"<= {limit}x calamine's read",
            took <= limit * read,
        ),
    ]


def write(results: dict) -> str:
    table = rows(plain(results))
    lines = ["| measure | measured | target | met |", "|---|---|---|---|"]
    lines += [f"| {w} | {m} | {t} | {'' if ok is None else ('yes' if ok else 'NO')} |" for w, m, t, ok in table]
    text = "\n".join(lines) + "\n"
    (OUT / "results.md").write_text(text)
    (OUT / "results.json").write_text(json.dumps(plain(results), indent=2, default=str) + "\n")
    return text
