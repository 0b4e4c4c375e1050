"""The load section's replicas row: two replicas (the default) read as they always have, N replicas say how many
and are held to the same share of a replica each (0.85 N), and results written before --replicas still read."""

from __future__ import annotations

from bench.targets_load import load_rows


def _load(users: int, errors: int, wall: float, p95: float) -> dict:
    return {
        "users": users,
        "errors": errors,
        "wall_s": wall,
        "p95_s": p95,
        "cpu_per_journey_s": 0.8,
        "bench_cpu_s": 12.0,
        "journeys_per_s": (users - errors) / wall,
    }


ONE = [_load(50, 0, 60.0, 11.0), _load(50, 1, 62.0, 12.0)]
MANY = [_load(50, 0, 40.0, 7.0), _load(50, 0, 41.0, 7.5)]
TWO_ROW = (
    "two replicas behind nginx vs one, 50 people, member journey (2 round(s) each, in turn): journeys per second",
    "1.23 vs 0.81/s = 1.52x (p95 7.5 vs 12.0 s; failed 0 vs 1; server CPU per journey 0.80 vs 0.80 s; bench's own "
    "CPU 24 / 24 s)",
    ">= 1.7x",
    False,
)


def test_two_replicas_read_as_before():
    assert load_rows({"replicas": {"users": 50, "replicas": 2, "one": ONE, "many": MANY}}) == [TWO_ROW]
    assert load_rows({"replicas": {"users": 50, "one": ONE, "two": MANY}}) == [TWO_ROW]  # written before --replicas


def test_n_replicas_say_how_many_and_each_is_held_to_the_same_share():
    (what, measured, target, met), *_ = load_rows({"replicas": {"users": 25, "replicas": 3, "one": ONE, "many": MANY}})
    assert what.startswith("three replicas behind nginx vs one, 25 people") and measured.startswith("1.23 vs 0.81/s")
    assert (target, met) == (">= 2.55x", False)
    skipped = load_rows({"replicas": {"skipped": "skipped: no nginx", "replicas": 4}})
    assert skipped == [("four replicas behind nginx vs one", "skipped: no nginx", ">= 3.4x", None)]
