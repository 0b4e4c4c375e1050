"""Source status: coverage from the observations, and the stale list from the refresh log (pure functions)."""

from __future__ import annotations

import json

from kpi.model import source_status as status
from kpi.storage.status_log import read_log


def test_status_table_covers_every_official_source(store):
    sources = store.catalogue.sources.reset_index(drop=True)
    table = status.status_table(sources, store.observations, {})
    assert "derived" not in set(table["source_id"])
    rs = table.set_index("source_id").loc["mhclg_revenue_outturn_rs"]
    assert rs["first"] == "2010-11" and rs["last"] == "2023-24" and rs["councils"] > 300
    assert (table["result"] == "").all()


def test_failed_last_attempt_is_stale_with_a_message(store, tmp_path):
    log = {
        "mhclg_borrowing_investment": {
            "ok": False,
            "message": "SourceUnavailable: offline",
            "last_attempt": "2026-11-21T10:00:00+00:00",
        },
        "mhclg_council_tax_ctr": {"ok": True, "message": ""},
    }
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "source_status.json").write_text(json.dumps(log))
    assert read_log(tmp_path) == log
    sources = store.catalogue.sources.reset_index(drop=True)
    items = status.failed_refreshes_from_log(sources, log)
    assert [i.source_id for i in items] == ["mhclg_borrowing_investment"]
    assert items[0].notice() == (
        "The last refresh of MHCLG borrowing and investment live tables failed, so its "
        "figures are from the release retrieved on 2026-11-21."
    )
    table = status.status_table(sources, store.observations, log)
    assert table.loc[table["result"] == "failed", "source_id"].tolist() == ["mhclg_borrowing_investment"]


def test_unreadable_log_is_treated_as_no_attempts(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "source_status.json").write_text("{not json")
    assert read_log(tmp_path) == {}
