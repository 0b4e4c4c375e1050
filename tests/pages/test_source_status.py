"""Source status in the dashboard: the Data and methods table and the notice after a failed refresh (AppTest)."""

from __future__ import annotations

import json

import pytest

from tests.pages.helpers import dataframe_with

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture
def failed_refresh(data_copy, monkeypatch):
    (data_copy / "local").mkdir(exist_ok=True)
    (data_copy / "local" / "source_status.json").write_text(
        json.dumps(
            {
                "mhclg_council_tax_ctr": {
                    "ok": False,
                    "message": "SourceUnavailable: could not reach the source",
                    "last_attempt": "2026-11-21T09:00:00+00:00",
                }
            }
        )
    )
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    return data_copy


def test_no_notice_when_no_refresh_failed(app):
    app.run()
    assert not app.exception
    assert not [w for w in app.warning if "last refresh" in w.value]


def test_failed_refresh_shows_which_data_is_older(app, failed_refresh):
    app.run()
    assert not app.exception
    notices = [w.value for w in app.warning]
    assert notices == [
        "The last refresh of MHCLG council tax requirement returns (CTR) failed, so its figures are "
        "from the release retrieved on 2026-11-21."
    ]


def test_methods_page_lists_every_source_with_its_status(app, failed_refresh):
    app.run()
    app.switch_page("pages/about/methods.py").run()
    assert not app.exception
    assert "Source status" in [h.value for h in app.header]
    table = dataframe_with(app, "Source id")
    assert "mhclg_revenue_outturn_rs" in set(table["Source id"])
    ctr = table.set_index("Source id").loc["mhclg_council_tax_ctr"]
    assert ctr["Result"] == "failed" and "could not reach" in ctr["Message"]
    assert ctr["First year"] == "2014-15" and ctr["Last year"] == "2023-24"


def test_the_dashboard_shows_an_imported_release_without_a_restart(app, data_copy, monkeypatch):
    from loaders.__main__ import main
    from tests.loaders.helpers import RAW
    from tests.pages.helpers import chart_specs, decode, trace

    path = data_copy / "observations.csv"
    path.write_text(
        path.read_text().replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        )
    )
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    app.run()
    app.switch_page("pages/explore/trends.py").run()
    app.selectbox(key="metric").set_value("band_d_council_tax").run()
    line = trace(
        chart_specs(app)[0], "Barking and Dagenham (estimated, budget or forecast)"
    )  # Band D is a budget figure
    assert decode(line["y"])[-1] == 1000.0
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0
    app.run()
    line = trace(
        chart_specs(app)[0], "Barking and Dagenham (estimated, budget or forecast)"
    )  # Band D is a budget figure
    assert decode(line["y"])[-1] == 1458.57
