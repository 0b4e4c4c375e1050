"""The load bench's protocol client against a real Streamlit server (the floor app): a page opened runs to
script_finished, changing the select box as the frontend does changes the chart, a page change opens the other
page, two people doing the floor's journey at once finish without an error, and people doing it again and again are
counted only for the journeys that finish inside the window."""

from __future__ import annotations

import asyncio
import json

import pytest

from bench import servers
from bench.journeys import floor_member
from bench.load_runs import Target, one_load, steady_load
from bench.protocol import Session


@pytest.fixture(scope="module")
def floor():
    server = servers.floor().start()
    try:
        server.wait_healthy(timeout=60)
        yield server
    finally:
        server.stop()


def _titles(run) -> list[str]:
    return [json.loads(c.plotly_chart.spec)["layout"]["title"]["text"] for c in run.of_kind("plotly_chart")]


async def _one_session(url: str) -> None:
    session = Session(url, timeout=30)
    try:
        opened = await session.open("/")
        assert _titles(opened) == ["Floor chart option 0"]
        assert session.session_id and set(session.pages) == {"Chart", "Chart two", "Chart three"}
        assert session.value("Choice") == "option 0"
        changed = await session.set("Choice", "option 7")
        assert _titles(changed) == ["Floor chart option 7"]
        assert session.value("Choice") == "option 7"
        other = await session.goto("Chart two")
        assert session.page_hash == session.pages["Chart two"] and len(other.of_kind("plotly_chart")) == 1
        with pytest.raises(LookupError):
            await session.set("Choice", "no such option")
    finally:
        await session.close()


def test_a_widget_change_changes_the_chart(floor):
    asyncio.run(asyncio.wait_for(_one_session(floor.url), 60))


def test_two_people_one_journey_each(floor):
    target = Target("floor", floor.url, [floor])
    load = asyncio.run(asyncio.wait_for(one_load(target, floor_member, 2, timeout=30, think=0.1, ramp=0.5), 60))
    assert load.errors == 0, load.error_kinds
    assert load.steps == 10 and load.p95_s < 30
    assert load.cpu_per_journey_s > 0 and load.journeys_per_s > 0


def test_people_doing_the_journey_again_and_again_are_counted_in_the_window_only(floor):
    target = Target("floor", floor.url, [floor])
    steady = steady_load(target, floor_member, 2, seconds=2.0, warmup=0.5, timeout=30)
    load = asyncio.run(asyncio.wait_for(steady, 60))
    journeys = load.journeys_per_s * load.wall_s
    assert load.errors == 0, load.error_kinds
    assert 2.0 <= load.wall_s < 2.5 and journeys >= 2 and load.steps == 5 * round(journeys)
    assert load.cpu_per_journey_s > 0 and load.bench_cpu_s > 0
