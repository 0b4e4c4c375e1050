"""Shared pieces of the evidence pack tests: a council with an upload and an action plan, the exporter, and one
pack of Barking and Dagenham made in both formats (the slow part: its charts), reused by the file tests."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.conftest import browser_available

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "data" / "examples" / "EXAMPLE_action_plan.csv"
FTE = ROOT / "tests" / "fixtures" / "uploads" / "EXAMPLE_fte_barking_and_dagenham.csv"
MADE = dt.datetime(2026, 2, 2, 9, 30)
AS_OF = dt.date(2026, 1, 15)
OFFICER = "finance.officer@example.gov.uk"


def _required(flag: str) -> bool:
    return os.environ.get(flag) == "1" or bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def exporter():
    from charts.export import Exporter

    if not browser_available():
        if _required("KPI_REQUIRE_BROWSER"):
            pytest.fail("/usr/bin/chromium is missing: the pack's charts cannot be drawn (see .ci/run)")
        pytest.skip("no Chromium for kaleido: chart images skipped locally")
    return Exporter()


@pytest.fixture(scope="session")
def pdf_ready():
    from reports.pdf import unavailable_reason

    if reason := unavailable_reason():
        if _required("KPI_REQUIRE_PDF"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def council_data(store, tmp_path_factory):
    """A store with EXAMPLE council-supplied FTE for Barking and Dagenham, and its EXAMPLE action plan."""
    from kpi.model.store import merged_store
    from kpi.officers.figures.read import parse_upload
    from kpi.officers.plans.read import parse_plan
    from kpi.storage.figures import FigureStore
    from kpi.storage.plans import PlanStore
    from kpi.views.pack.plan import plan_input

    url = f"sqlite:///{tmp_path_factory.mktemp('pack-db') / 'kpi.sqlite'}"
    figures = FigureStore.open(url)
    parsed = parse_upload(FTE.read_bytes(), FTE.name, store.catalogue)
    figures.write_upload(parsed.rows, who=OFFICER, file_name=FTE.name, sha256="x", now=dt.datetime(2025, 6, 30, 12))
    merged = merged_store(store, figures)
    plans = PlanStore.open(url)
    known = set(store.catalogue.metrics)
    actions = parse_plan(PLAN.read_bytes(), PLAN.name, known_metrics=known).actions.drop(columns="_excel_row")
    plans.write_actions("E09000002", actions, who=OFFICER, kind="import", now=dt.datetime(2025, 9, 1, 10))
    plan = plan_input(plans, "E09000002")
    figures.dispose()
    plans.dispose()
    return merged, plan


@pytest.fixture(scope="session")
def made_pack(council_data, exporter, pdf_ready):
    """Barking and Dagenham's default pack (the profile's cards, with the uploaded FTE), Word and PDF."""
    from kpi.views.pack.build import PackRequest
    from reports.make import make_pack

    merged, plan = council_data
    request = PackRequest("E09000002", as_of=AS_OF)
    return make_pack(merged, request, formats=("docx", "pdf"), exporter=exporter, made=MADE, plan=plan)
