"""What each simulated person does, through the protocol client (bench/protocol.py), with a pause to think between
steps. Each journey returns the seconds of each step; a step that the server answers with an error drawn, a page
not found or the wrong page raises, and the journey counts as an error.

- member (dashboard): open the council profile, pick another council in the sidebar, open Trends, pick another
  measure, open Benchmark; the element floor (the same pages drawn from constant data) gets the same steps.
- officer (dashboard): open Upload figures, upload a council's figures file and see its preview, open Action plans.
- the floor app gets the same shapes: its page opened, its select box changed, its other pages opened.

Person i picks the i-th of POOL councils (and options): later people repeat earlier choices, as a town hall's
officers and members look at a handful of councils."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.protocol import ProtocolError, Session

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = ROOT / "tests" / "fixtures" / "uploads" / "EXAMPLE_fte_barking_and_dagenham.csv"
UPLOADER = "Council figures (CSV or Excel .xlsx)"
POOL = 10


def _expect(run, heading: str) -> None:
    titles = [h.heading.body for h in run.of_kind("heading")]
    if not any(t.startswith(heading) for t in titles):
        raise ProtocolError(f"expected a heading {heading!r}, the page drew {titles[:3]}")


def _charts(run) -> list[str]:
    return [c.plotly_chart.spec for c in run.of_kind("plotly_chart")]


def _pick(options, i: int, *, shown: str | None = None) -> str:
    """The i-th of POOL options spread over the list, never the one shown (`shown`)."""
    step = max(1, len(options) // POOL)
    index = ((i % POOL) * step + 1) % len(options)
    return options[index] if options[index] != shown else options[(index + 1) % len(options)]


async def member(session: Session, i: int, think: float) -> list[float]:
    return await _member(session, i, think, drawn_for_choice=True)


async def element_member(session: Session, i: int, think: float) -> list[float]:
    """The member's steps on the element floor (bench/element_floor), which draws a recorded council's page
    whichever council or measure is chosen: the same widget changes and pages, without checking what they drew."""
    return await _member(session, i, think, drawn_for_choice=False)


async def _member(session: Session, i: int, think: float, *, drawn_for_choice: bool) -> list[float]:
    steps = []
    run = await session.open("/")
    _expect(run, "Council profile: ")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    council = _pick(session.widget("Council").selectbox.options, i, shown=session.value("Council"))
    run = await session.set("Council", council)
    _expect(run, f"Council profile: {council.rsplit(' (', 1)[0]}" if drawn_for_choice else "Council profile: ")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    run = await session.goto("Trends")
    _expect(run, "Trends")
    before = _charts(run)
    steps.append(run.seconds)
    await asyncio.sleep(think)
    options = list(session.widget("Measure").selectbox.options)
    run = await session.set("Measure", options[(options.index(session.value("Measure")) + 1 + i % 3) % len(options)])
    if drawn_for_choice and (not _charts(run) or _charts(run) == before):
        raise ProtocolError("the trend chart did not change with the measure")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    run = await session.goto("Benchmark")
    _expect(run, "Benchmark")
    steps.append(run.seconds)
    return steps


async def officer(session: Session, i: int, think: float) -> list[float]:
    steps = []
    run = await session.open("/upload")
    _expect(run, "Upload council figures")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    run = await session.upload(UPLOADER, UPLOAD.name, UPLOAD.read_bytes())
    _expect(run, "Preview")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    run = await session.goto("Action plans")
    _expect(run, "Action plan: ")
    steps.append(run.seconds)
    return steps


async def _floor_change(session: Session, i: int, offset: int) -> float:
    before = _charts(session.last)
    options = session.widget("Choice").selectbox.options[offset:]
    run = await session.set("Choice", _pick(options, i, shown=session.value("Choice")))
    if not _charts(run) or _charts(run) == before:
        raise ProtocolError("the floor chart did not change with its select box")
    return run.seconds


async def floor_member(session: Session, i: int, think: float) -> list[float]:
    steps = []
    run = await session.open("/")
    if not _charts(run):
        raise ProtocolError("the floor drew no chart")
    steps.append(run.seconds)
    for page, offset in (("Chart two", 0), ("Chart three", POOL)):
        await asyncio.sleep(think)
        steps.append(await _floor_change(session, i, offset))
        await asyncio.sleep(think)
        steps.append((await session.goto(page)).seconds)
    return steps


async def floor_officer(session: Session, i: int, think: float) -> list[float]:
    steps = []
    run = await session.open("/")
    steps.append(run.seconds)
    await asyncio.sleep(think)
    steps.append(await _floor_change(session, i, 2 * POOL))
    await asyncio.sleep(think)
    steps.append((await session.goto("Chart two")).seconds)
    return steps
