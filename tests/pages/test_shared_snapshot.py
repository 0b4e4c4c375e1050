"""With PostgreSQL configured, the dashboard reads the shared snapshot: a version written by anyone (another
replica, the command line) shows on the next rerun, with no restart; if the database is down, the bundled snapshot
is shown and the page says what is missing."""

from __future__ import annotations

import pytest

from tests.loaders.helpers import RAW, ROOT
from tests.pages.helpers import chart_specs, decode, trace
from tests.pgschema import schema_url

pytestmark = pytest.mark.filterwarnings("ignore")
BAND_D = "Barking and Dagenham (estimated, budget or forecast)"  # Band D is a budget figure


@pytest.fixture
def shared(monkeypatch, data_copy):
    with schema_url("app") as url:
        monkeypatch.setenv("KPI_DB_URL", url)
        monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
        yield url


def band_d_2023(app) -> float:
    return decode(trace(chart_specs(app)[0], BAND_D)["y"])[-1]


def test_a_version_written_elsewhere_shows_on_the_next_rerun(app, shared, data_copy, monkeypatch):
    from kpi.storage.backends import open_snapshots
    from loaders.__main__ import main

    path = data_copy / "observations.csv"  # the bundled snapshot seeds the database with this edited figure
    path.write_text(
        path.read_text().replace(
            "E09000002,band_d_council_tax,2023-24,1458.57", "E09000002,band_d_council_tax,2023-24,1000.0"
        )
    )
    app.run()
    app.switch_page("pages/explore/trends.py").run()
    app.selectbox(key="metric").set_value("band_d_council_tax").run()
    assert not app.exception, app.exception
    assert band_d_2023(app) == 1000.0
    monkeypatch.setenv("KPI_DATA_DIR", str(ROOT / "data"))  # another replica, with its own data folder
    assert main(["import", str(RAW / "CTR_Table_9_2023-24.ods")]) == 0
    assert open_snapshots(shared).head() == 2
    app.run()
    assert band_d_2023(app) == 1458.57


def test_with_the_database_down_the_bundled_snapshot_is_shown_and_the_page_says_so(app, monkeypatch, data_copy):
    monkeypatch.setenv("KPI_DB_URL", "postgresql+psycopg://nobody:none@127.0.0.1:1/none?connect_timeout=2")
    monkeypatch.setenv("KPI_DATA_DIR", str(data_copy))
    app.run()
    assert not app.exception, app.exception
    assert any("nor can the shared snapshot: the bundled snapshot is shown" in w.value for w in app.warning)
    assert app.title and app.title[0].value.startswith("Council profile")
