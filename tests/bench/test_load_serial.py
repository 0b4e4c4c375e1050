"""One person at a time: the apps take turns journey by journey, and each app's CPU is what its own process used while
its own journeys ran."""

from __future__ import annotations

import asyncio

from bench.load_runs import Target
from bench.load_serial import serial


class Clock:
    """A process whose CPU seconds move only when the journey says so."""

    def __init__(self):
        self.used = 0.0

    def cpu_s(self) -> float:
        return self.used

    def rss_mb(self) -> float:
        return 0.0


def test_apps_take_turns_and_each_counts_its_own_cpu():
    order: list[tuple[str, int]] = []
    dashboard, floor = Clock(), Clock()

    def journey_on(name: str, process: Clock, cost: float):
        async def journey(session, i, think):
            order.append((name, i))
            process.used += cost
            floor.used += 0.001 if name == "dashboard" else 0  # the other app's own work, not counted as this app's

        journey.__name__ = f"{name}_journey"
        return journey

    apps = [
        (Target("dashboard", "http://127.0.0.1:1", [dashboard]), journey_on("dashboard", dashboard, 0.05)),
        (Target("floor", "http://127.0.0.1:2", [floor]), journey_on("floor", floor, 0.02)),
    ]
    found = asyncio.run(serial(apps, 3, configuration="project", timeout=5))
    assert order == [("dashboard", 0), ("floor", 0), ("dashboard", 1), ("floor", 1), ("dashboard", 2), ("floor", 2)]
    assert [(x.app, x.journey, x.journeys) for x in found] == [
        ("dashboard", "dashboard_journey", 3),
        ("floor", "floor_journey", 3),
    ]
    assert abs(found[0].cpu_per_journey_s - 0.05) < 1e-9 and abs(found[1].cpu_per_journey_s - 0.02) < 1e-9
