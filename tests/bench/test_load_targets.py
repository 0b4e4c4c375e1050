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
    "1.23 vs 0.81/s = 1.52x (p95 7.5 vs 12.0 s; failed 0 vs 1; server CPU per journey 0.800 vs 0.800 s; bench's "
    "own CPU 240.0 / 242.4 ms a journey)",
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


def _serial(app: str, configuration: str, cpu: float) -> dict:
    return {"app": app, "journey": "member", "configuration": configuration, "journeys": 30} | {
        "cpu_per_journey_s": cpu,
        "wall_per_journey_s": 0.3,
    }


def test_one_person_at_a_time_is_held_to_the_target_in_the_projects_configuration_only():
    serial = [
        _serial("dashboard", "project", 0.09),
        _serial("floor", "project", 0.03),
        _serial("dashboard", "Streamlit's default collection", 0.8),
        _serial("floor", "Streamlit's default collection", 0.3),
    ]
    (what, measured, target, met), (what_default, measured_default, target_default, met_default) = load_rows(
        {"serial": serial}
    )
    assert what.startswith("member journey, one person at a time (30 journeys), project")
    assert measured.startswith("0.090 s vs floor 0.030 s = 3.0x") and (target, met) == ("<= 1.5x floor", False)
    assert "Streamlit's default collection" in what_default and measured_default.startswith("0.800 s vs floor 0.300")
    assert (target_default, met_default) == ("", None)


def test_the_element_floors_journey_is_reported_against_both_the_floor_and_the_dashboard_without_a_target():
    serial = [_serial("dashboard", "project", 0.06), _serial("floor", "project", 0.03)]
    serial.append(_serial("element floor", "project", 0.05) | {"journey": "element_member"})
    (_, _, target, met), (what, measured, element_target, element_met) = load_rows({"serial": serial})
    assert (target, met) == ("<= 1.5x floor", False)
    assert what.startswith("member journey, one person at a time (30 journeys): the element floor")
    assert measured == "0.050 s = 1.7x the one-chart floor; the dashboard = 1.2x its element floor"
    assert (element_target, element_met) == ("", None)


def test_memory_after_sessions_is_held_to_ten_per_cent_for_the_dashboard():
    sessions = [
        {
            "app": "dashboard",
            "sessions": 300,
            "errors": 0,
            "rss_before_mb": 300.0,
            "rss_after_mb": 318.0,
            "change": 0.06,
        },
        {"app": "floor", "sessions": 300, "errors": 0, "rss_before_mb": 90.0, "rss_after_mb": 120.0, "change": 0.33},
    ]
    dashboard, floor = load_rows({"sessions": sessions})
    assert dashboard[1:] == ("300 -> 318 MB (+6.0%); failed 0", "<= +10%", True)
    assert floor[2:] == ("", None)


def test_the_run_says_its_machine_and_load_average_first():
    from bench.targets import rows

    machine = {"cores": 2, "load_average_start": 0.42, "load_average_end": 1.3}
    assert rows({"machine": machine})[0] == (
        "machine: cores; load average (1 min) at start / end",
        "2; 0.42 / 1.30",
        "",
        None,
    )
    assert rows({}) == []  # results written before the machine was recorded still read


def test_steady_replica_loads_say_how_they_were_counted():
    (what, measured, _, _), *_ = load_rows(
        {"replicas": {"users": 100, "steady": [3.0, 10.0], "one": ONE, "many": MANY}}
    )
    assert what == (
        "two replicas behind nginx vs one, 100 people each again and again without pauses (journeys finished in 10 s, "
        "after 3 s), member journey (2 round(s) each, in turn): journeys per second"
    )
    assert measured.startswith("1.23 vs 0.81/s = 1.52x")


def test_the_replicas_can_be_compared_alone(monkeypatch, tmp_path):
    from bench import __main__ as bench_main
    from bench import load_section, targets

    asked = []

    def replicas_run(db_url, quick, replicas):
        asked.append((quick, replicas))
        return {"users": 100, "replicas": replicas, "steady": [3.0, 10.0], "one": ONE, "many": MANY}

    monkeypatch.setattr(load_section, "replicas_run", replicas_run)
    monkeypatch.setattr(targets, "OUT", tmp_path)
    assert bench_main.main(["--only", "replicas", "--replicas", "3"]) == 0
    assert asked == [(False, 3)]
    written = (tmp_path / "results.md").read_text()
    assert "| three replicas behind nginx vs one, 100 people each again and again" in written
