"""The element floor served as the dashboard is, for the load section's journey one person at a time: the member's
pages recorded, the element floor started on them, and the member's steps (council, Trends, measure, Benchmark) run
through the protocol client without an error. Without those recordings the load section starts no element floor."""

from __future__ import annotations

import asyncio

from bench import apptest_runs, load_section, servers
from bench.journeys import element_member
from bench.load_runs import Target, one_load


def test_the_members_journey_runs_on_the_served_element_floor(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_ELEMENT_FLOOR_DIR", str(tmp_path))
    for name in ("Council profile", "Trends", "Benchmark"):
        apptest_runs._page(*apptest_runs.PAGES[name])
    server = load_section._element_floor()
    assert server is not None and server.name == "element floor"
    try:
        server.wait_healthy(timeout=60)
        target = Target(server.name, server.url, [server])
        load = asyncio.run(asyncio.wait_for(one_load(target, element_member, 2, timeout=30, think=0, ramp=0), 90))
    finally:
        server.stop()
    assert load.errors == 0, load.error_kinds
    assert load.steps == 10 and load.cpu_per_journey_s > 0


def test_no_element_floor_without_the_member_pages_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_ELEMENT_FLOOR_DIR", str(tmp_path))
    apptest_runs._page(*apptest_runs.PAGES["Trends"])  # Trends alone: the profile and Benchmark are missing
    assert load_section._element_floor() is None
    assert servers.element_floor().command[-1].endswith("element_floor/main.py")
