"""Action-plan and upload-preview figures, and the PNG export of a timeline."""

from pathlib import Path

import pytest

from charts.figures import comparison_figure
from charts.plans import progress_figure, timeline_figure
from kpi.officers.figures.read import parse_upload
from kpi.officers.plans import read as A
from kpi.officers.plans import views as V
from kpi.views.figures_preview import preview_series

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"
KNOWN = {"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"}


@pytest.fixture(scope="module")
def plan():
    return A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN).actions


def test_timeline_has_one_trace_per_status_with_its_own_marker(plan):
    fig = timeline_figure(V.timeline(plan), title="Deadlines", as_of="2026-04-01", note="n")
    names = [t.name for t in fig.data]
    assert names == ["Completed", "Almost completed", "Ongoing", "Not started"]
    symbols = {t.marker.symbol for t in fig.data}
    assert len(symbols) == len(names)
    assert sum(len(t.x) for t in fig.data) == 5  # the five actions with a due date
    assert fig.layout.template.layout.font.family.startswith("Liberation Sans")


def test_progress_stacks_status_counts(plan):
    import pandas as pd

    history = pd.DataFrame(
        {
            "version_id": [1, 2],
            "created_at": ["2025-05-01T00:00:00Z", "2025-09-01T00:00:00Z"],
            "status": ["Ongoing", "Completed"],
            "actions": [2, 2],
        }
    )
    fig = progress_figure(V.progress(history), title="Progress", note="n")
    assert fig.layout.barmode == "stack"
    assert list(fig.data[0].y) == [0, 2] and fig.data[0].name == "Completed"


def test_upload_preview_draws_official_and_file_series(store):
    text = "area_code,metric_id,period,value\nE09000002,population,2012-13,190000\n"
    parsed = parse_upload(text.encode(), "f.csv", store.catalogue)
    previews, pairs = preview_series(store, parsed.rows)
    fig = comparison_figure(previews[0])
    assert pairs == 1 and [t.name for t in fig.data] == ["Official figures", "Your file (council-supplied)"]
    assert fig.data[1].line.dash == "dash"


def test_png_export_of_the_timeline(plan):
    from tests.conftest import browser_available

    if not browser_available():
        pytest.skip("/usr/bin/chromium not installed")
    from charts.export import Exporter

    png = Exporter().render(timeline_figure(V.timeline(plan), title="Deadlines", as_of="2026-04-01", note="n"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_officers_text_is_escaped_in_chart_labels(plan):
    evil = plan.copy()
    evil.loc[0, "action"] = '<a href="javascript:alert(1)">click</a>'
    fig = timeline_figure(V.timeline(evil), title="Deadlines", as_of="2026-04-01", note="n")
    labels = [y for t in fig.data for y in t.y]
    assert not any("<a" in y for y in labels) and any("&lt;a href=" in y for y in labels)


def test_upload_provenance_escapes_file_name(store, tmp_path):
    from kpi.model.store import merged_store
    from kpi.storage.figures import FigureStore

    db = FigureStore.open(f"sqlite:///{tmp_path / 'x.sqlite'}")
    parsed = parse_upload(b"area_code,metric_id,period,value\nE09000002,fte,2023-24,1\n", "x.csv", store.catalogue)
    db.write_upload(parsed.rows, who="o@example.gov.uk", file_name='<img src=x onerror="alert(1)">.csv', sha256="s")
    merged = merged_store(store, db)
    assert merged.provenance("upload:1").startswith("Council-supplied figures (upload version 1): &lt;img src=x")
    db.dispose()
