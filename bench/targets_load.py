"""Rows of the protocol-level load section (bench/load_runs.py, bench/load_cluster.py): each load and journey on
the dashboard beside the floor app's journey of the same shape at the same load, and N replicas against one."""

from __future__ import annotations

import math

from kpi.core.formatting import in_words

TARGETS = {
    "load_cpu_per_member_journey": 1.5,  # x the floor's server CPU per journey of the same shape
    "load_p95": 1.5,  # x the floor's p95 interaction time at the same load, at 25 and 50 people
    "load_p95_at": (25, 50),
    "load_errors_at": 100,  # no failed journey at this many people
    "memory_after_sessions": 0.10,  # resident memory after the sessions were opened and closed, over before
    "replicas_speedup": 1.7,  # journeys per second, two replicas behind nginx / one, at the same load; N: 0.85 N
}
FLOOR_OF = {"member": "floor_member", "officer": "floor_officer"}


def _ratio(a: float, b: float) -> float:
    return a / b if b and not (math.isnan(a) or math.isnan(b)) else float("nan")


def _met(ratio: float, limit: float) -> bool:
    return not math.isnan(ratio) and ratio <= limit


def _reasons(load: dict) -> str:
    return "; ".join(f"{n} x {kind}" for kind, n in load.get("error_kinds", {}).items()) or "none"


def _pair_rows(pr: dict, fl: dict) -> list:
    n, journey = pr["users"], pr["journey"]
    what = f"load, {n} people, {journey} journey"
    p95 = _ratio(pr["p95_s"], fl["p95_s"])
    cpu = _ratio(pr["cpu_per_journey_s"], fl["cpu_per_journey_s"])
    p95_target = n in TARGETS["load_p95_at"]
    cpu_target = journey == "member"
    errors_target = n == TARGETS["load_errors_at"]
    out = [
        (
            f"{what}: interaction p50 / p95 / max",
            f"{pr['p50_s']:.2f} / {pr['p95_s']:.2f} / {pr['max_s']:.2f} s vs floor {fl['p50_s']:.2f} / "
            f"{fl['p95_s']:.2f} / {fl['max_s']:.2f} s; p95 {p95:.1f}x",
            f"p95 <= {TARGETS['load_p95']}x floor" if p95_target else "",
            _met(p95, TARGETS["load_p95"]) if p95_target else None,
        ),
        (
            f"{what}: server CPU per journey",
            f"{pr['cpu_per_journey_s']:.2f} s vs floor {fl['cpu_per_journey_s']:.2f} s = {cpu:.1f}x",
            f"<= {TARGETS['load_cpu_per_member_journey']}x floor" if cpu_target else "",
            _met(cpu, TARGETS["load_cpu_per_member_journey"]) if cpu_target else None,
        ),
        (
            f"{what}: failed journeys; journeys per second",
            f"{pr['errors']} of {n} (floor {fl['errors']}); {pr['journeys_per_s']:.2f}/s (floor "
            f"{fl['journeys_per_s']:.2f}/s); bench's own CPU {_own_ms(pr):.1f} ms a journey; HTTP requests sent again "
            f"on a new connection {pr.get('retried', 0)} (floor {fl.get('retried', 0)})",
            "0" if errors_target else "",
            pr["errors"] == 0 if errors_target else None,
        ),
    ]
    if pr["error_kinds"] or fl["error_kinds"]:
        out.append((f"{what}: why journeys failed", f"{_reasons(pr)} (floor: {_reasons(fl)})", "", None))
    return out


def _replica_rows(r: dict | None) -> list:
    if not r:
        return []
    n = r.get("replicas", 2)
    what, limit = f"{in_words(n)} replicas behind nginx vs one", TARGETS["replicas_speedup"] / 2 * n
    if "skipped" in r:
        return [(what, r["skipped"], f">= {limit:g}x", None)]
    one, many = _pooled(r["one"]), _pooled(r.get("many", r.get("two")))  # "two": results written before --replicas
    speedup = _ratio(many["journeys_per_s"], one["journeys_per_s"])
    rounds = len(r["one"]) if isinstance(r["one"], list) else 1
    return [
        (
            f"{what}, {r['users']} people{_how(r)}, member journey ({rounds} round(s) each, in turn): journeys per "
            "second",
            f"{many['journeys_per_s']:.2f} vs {one['journeys_per_s']:.2f}/s = {speedup:.2f}x (p95 "
            f"{many['p95_s']:.1f} vs {one['p95_s']:.1f} s; failed {many['errors']} vs {one['errors']}; server CPU "
            f"per journey {many['cpu_per_journey_s']:.3f} vs {one['cpu_per_journey_s']:.3f} s; bench's own CPU "
            f"{_own_ms(many):.1f} / {_own_ms(one):.1f} ms a journey)",
            f">= {limit:g}x",
            not math.isnan(speedup) and speedup >= limit,
        )
    ]


def _how(r: dict) -> str:
    if "steady" in r:
        warmup, seconds = r["steady"]
        return f" each again and again without pauses (journeys finished in {seconds:g} s, after {warmup:g} s)"
    return " at once without pauses" if r.get("burst") else ""


def _journeys(load: dict) -> float:
    """The journeys a load finished (in its window, for a steady load)."""
    return load["journeys_per_s"] * load["wall_s"]


def _own_ms(load: dict) -> float:
    """The bench's own CPU (its client, on the cores the servers use) in milliseconds a finished journey."""
    return _ratio(load["bench_cpu_s"] * 1000, _journeys(load))


def _pooled(loads) -> dict:
    """Several rounds of one load as one: journeys finished over the time they took, the worst p95, CPU per journey."""
    loads = loads if isinstance(loads, list) else [loads]
    done = sum(_journeys(x) for x in loads)
    cpu = sum(x["cpu_per_journey_s"] * _journeys(x) for x in loads if _journeys(x))
    return {
        "journeys_per_s": done / sum(x["wall_s"] for x in loads),
        "p95_s": max(x["p95_s"] for x in loads),
        "errors": sum(x["errors"] for x in loads),
        "cpu_per_journey_s": cpu / done if done else float("nan"),
        "bench_cpu_s": sum(x["bench_cpu_s"] for x in loads),
        "wall_s": sum(x["wall_s"] for x in loads),
    }


def _serial_rows(serial: list) -> list:
    by = {(x["configuration"], x["app"]): x for x in serial}
    out = []
    for configuration in dict.fromkeys(x["configuration"] for x in serial):
        pr, fl = by.get((configuration, "dashboard")), by.get((configuration, "floor"))
        if not (pr and fl):
            continue
        cpu, target = _ratio(pr["cpu_per_journey_s"], fl["cpu_per_journey_s"]), configuration == "project"
        out.append(
            (
                f"member journey, one person at a time ({pr['journeys']} journeys), {configuration}: server CPU "
                "per journey",
                f"{pr['cpu_per_journey_s']:.3f} s vs floor {fl['cpu_per_journey_s']:.3f} s = {cpu:.1f}x (wall "
                f"{pr['wall_per_journey_s']:.2f} vs {fl['wall_per_journey_s']:.2f} s a journey)",
                f"<= {TARGETS['load_cpu_per_member_journey']}x floor" if target else "",
                _met(cpu, TARGETS["load_cpu_per_member_journey"]) if target else None,
            )
        )
        el = by.get((configuration, "element floor"))
        if el:
            out.append(_element_row(pr, fl, el))
    return out


def _element_row(pr: dict, fl: dict, el: dict) -> tuple:
    """What Streamlit itself costs for the member's pages (the element floor: the same pages drawn from constant
    data), against the one-chart floor, and the dashboard's own work on top of it."""
    return (
        f"member journey, one person at a time ({el['journeys']} journeys): the element floor (the same pages from "
        "constant data): server CPU per journey",
        f"{el['cpu_per_journey_s']:.3f} s = {_ratio(el['cpu_per_journey_s'], fl['cpu_per_journey_s']):.1f}x the "
        f"one-chart floor; the dashboard = {_ratio(pr['cpu_per_journey_s'], el['cpu_per_journey_s']):.1f}x its "
        "element floor",
        "",
        None,
    )


def _session_rows(sessions: list) -> list:
    limit = TARGETS["memory_after_sessions"]
    return [
        (
            f"memory, {x['sessions']} sessions opened and closed (member journeys, 25 at a time): {x['app']}",
            f"{x['rss_before_mb']:.0f} -> {x['rss_after_mb']:.0f} MB ({x['change']:+.1%}); failed {x['errors']}",
            f"<= +{limit:.0%}" if x["app"] == "dashboard" else "",
            x["change"] <= limit and not x["errors"] if x["app"] == "dashboard" else None,
        )
        for x in sessions
    ]


def load_rows(load: dict | None) -> list:
    if not load:
        return []
    loads = load.get("loads", [])
    floor = {(x["users"], x["journey"]): x for x in loads if x["app"] == "floor"}
    out = []
    for pr in (x for x in loads if x["app"] == "dashboard"):
        fl = floor.get((pr["users"], FLOOR_OF.get(pr["journey"], "")))
        if fl:
            out += _pair_rows(pr, fl)
    return (
        _serial_rows(load.get("serial", []))
        + out
        + _session_rows(load.get("sessions", []))
        + _replica_rows(load.get("replicas"))
    )
