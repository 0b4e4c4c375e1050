"""The Upload page through AppTest: good and bad files, preview, confirm, no-op, rollback, sign-in and roles."""

from pathlib import Path

import pytest

from kpi.storage.figures import FigureStore
from tests.pages.helpers import cards, chart_specs, dataframe_with, decode, show_tables, title, trace

pytestmark = pytest.mark.filterwarnings("ignore")

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "uploads" / "EXAMPLE_fte_barking_and_dagenham.csv"
GOOD = FIXTURE.read_bytes()
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only",
        "client_id": "x",
        "client_secret": "y",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration",
    },
    "kpi": {
        "officers": {
            "officer@barking.example.gov.uk": ["E09000002"],
            "@bexley.example.gov.uk": ["E09000004"],
            "admin@example.gov.uk": ["*"],
        }
    },
}


def open_upload(app):
    app.run()
    app.switch_page("pages/officers/figures.py").run()
    assert not app.exception, app.exception
    return app


def upload(app, data, name="figures.csv", mime="text/csv"):
    assert app.get("file_uploader"), "no file uploader on the page"
    app.file_uploader(key=_uploader_key(app)).set_value((name, data, mime)).run()
    assert not app.exception, app.exception
    return app


def _uploader_key(app):
    round_ = app.session_state["upload_round"] if "upload_round" in app.session_state else 0  # noqa: SIM401
    return f"upload_file_{round_}"


FRAMES = {
    "upload_preview": "new value",
    "upload_problems": "expected",
    "upload_matches": "given",
    "upload_history": "sha256",
}


def frame(app, key):
    """AppTest's dataframes carry no key: find the table by a column only it has."""
    for df in show_tables(app).dataframe:
        if FRAMES[key] in df.value.columns:
            return df.value
    raise KeyError(key)


def versions(db_url):
    db = FigureStore.open(db_url)
    try:
        return db.versions()
    finally:
        db.dispose()


def errors(app):
    return " ".join(e.value for e in app.error)


def test_local_mode_is_stated_and_templates_offered(app, db_url):
    open_upload(app)
    assert any("Local single-user mode" in i.value for i in app.info)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download the template (CSV)", "Download the template (Excel)"]
    assert "FY2023 means the year starting 1 April 2023" in " ".join(m.value for m in app.markdown)


def test_good_file_previews_then_confirm_writes_one_version_and_trends_shows_it(app, db_url):
    open_upload(app)
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")
    assert not app.error
    assert any("14 to add" in m.value for m in app.markdown)
    preview = frame(app, "upload_preview")
    assert len(preview) == 14 and set(preview["change"]) == {"add"}
    spec = chart_specs(app)[0]
    assert title(spec) == "Preview: Full-time equivalent staff: Barking and Dagenham"
    assert decode(trace(spec, "Your file (council-supplied)")["y"])[0] == 3400
    assert versions(db_url).empty  # nothing written before confirming
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert any("Saved as version 1: 14 row(s) added" in s.value for s in app.success)
    v = versions(db_url)
    assert len(v) == 1 and v.iloc[0]["file_name"] == "EXAMPLE_fte_barking_and_dagenham.csv"
    assert v.iloc[0]["created_by"] == "local user" and len(v.iloc[0]["sha256"]) == 64

    # The same file again: a no-op with a message.
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")
    assert any("Nothing to save" in i.value for i in app.info)
    assert not [b for b in app.button if b.key == "upload_confirm"]
    assert len(versions(db_url)) == 1

    # Members see it on Trends at once, as its own council-supplied line.
    app.switch_page("pages/explore/trends.py").run()
    app.selectbox(key="metric").set_value("fte").run()
    spec = chart_specs(app)[0]
    line = trace(spec, "Barking and Dagenham (council-supplied)")
    assert line["x"][0] == "2010-11" and decode(line["y"])[0] == 3400
    assert line["line"]["dash"] == "dash"
    assert "Council-supplied figures (upload version 1)" in spec["layout"]["annotations"][-1]["text"].replace(
        "<br>", " "
    )
    table = dataframe_with(app, "Source")
    assert set(table["Source"]) == {"upload:1"}

    # ... and on the profile: "FTE since 2010-11", labelled council-supplied.
    app.switch_page("pages/explore/profile.py").run()
    fte = cards(app)["Staff (full-time equivalent)"]
    assert fte["value"] and fte["change"]
    assert "change from 2010-11 to 2023-24" in fte["notes"][0] and "council-supplied" in fte["notes"][0]


BAD_FILES = [
    ("unknown council", "area_code,metric_id,period,value\nE09999999,fte,2023-24,1\n", "area_code", "English council"),
    ("unknown metric", "area_code,metric_id,period,value\nE09000002,ftes,2023-24,1\n", "metric_id", "did you mean fte"),
    ("bad period", "area_code,metric_id,period,value\nE09000002,fte,23-24,1\n", "period", "2023-24"),
    ("not a number", "area_code,metric_id,period,value\nE09000002,fte,2023-24,about 40\n", "value", "a number"),
    (
        "duplicate",
        "area_code,metric_id,period,value\nE09000002,fte,2023-24,1\nE09000002,fte,2023/24,2\n",
        "area_code/metric_id/period",
        "row 2 has the same",
    ),
    ("missing column", "area_code,metric_id,value\nE09000002,fte,1\n", "period", "a header row"),
    ("template rows", None, "notes", "delete the template's EXAMPLE rows"),
]


@pytest.mark.parametrize("label,text,column,expected", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_each_error_class_is_named_and_nothing_is_written(app, db_url, label, text, column, expected):
    from kpi.officers.figures.template import template_csv

    open_upload(app)
    upload(app, template_csv() if text is None else text.encode())
    assert "nothing was written" in errors(app)
    problems = frame(app, "upload_problems")
    assert list(problems.columns) == ["row", "column", "value", "expected"]
    assert column in set(problems["column"])
    assert any(expected in e for e in problems["expected"])
    assert not [b for b in app.button if b.key == "upload_confirm"]
    assert versions(db_url).empty


def test_wrong_type_and_oversized_files_are_refused(app, db_url, monkeypatch):
    open_upload(app)
    upload(app, b"%PDF-1.4", "figures.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "cannot be read" in errors(app)
    import kpi.officers.files.tabular

    monkeypatch.setattr(kpi.officers.files.tabular, "MAX_BYTES", 100)
    upload(app, GOOD, "big.csv")
    assert "the limit is" in errors(app)
    assert versions(db_url).empty


def test_names_are_matched_and_shown_for_confirmation(app, db_url):
    open_upload(app)
    text = 'Council;Metric;Year;Value\r\nBarking & Dagenham;fte;FY2023;"3,090"\r\n;;;\r\n'
    upload(app, text.encode("cp1252"))
    assert not app.error
    matches = frame(app, "upload_matches")
    assert matches.values.tolist() == [["Barking & Dagenham", "E09000002", "Barking and Dagenham"]]
    preview = frame(app, "upload_preview")
    assert preview[["period", "new value"]].values.tolist() == [["2023-24", 3090]]


def test_rollback_restores_an_earlier_version_as_a_new_one(app, db_url):
    open_upload(app)
    upload(app, GOOD)
    app.button(key="upload_confirm").click().run()
    changed = GOOD.replace(b"2023-24,3090", b"2023-24,3100")
    upload(app, changed, "corrected.csv")
    assert any("1 to change" in m.value for m in app.markdown)
    app.button(key="upload_confirm").click().run()
    assert len(versions(db_url)) == 2
    app.selectbox(key="rollback_version").set_value(1).run()
    app.button(key="rollback_confirm").click().run()
    assert any("Saved as version 3" in s.value for s in app.success)
    v = versions(db_url)
    assert v["version_id"].tolist() == [3, 2, 1] and v.iloc[0]["restores_version"] == 1
    db = FigureStore.open(db_url)
    assert db.current_observations().set_index("period").at["2023-24", "value"] == 3090
    db.dispose()


def test_signed_out_user_cannot_upload(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": False}
    open_upload(app)
    assert any("Sign in to upload" in w.value for w in app.warning)
    assert not app.get("file_uploader")


def test_signed_in_user_not_on_the_list_is_read_only(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "someone@elsewhere.example.org"}
    open_upload(app)
    assert any("not on the officers' allow-list" in w.value for w in app.warning)
    assert not app.get("file_uploader")


def test_officer_may_write_only_for_their_council(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "Officer@Barking.example.gov.uk"}
    open_upload(app)
    assert any("you may write for Barking and Dagenham (E09000002)" in s.value for s in app.success)
    mixed = GOOD + b"E09000004,Bexley,fte,2023-24,2000,EXAMPLE figures for testing: not real\r\n"
    upload(app, mixed)
    problems = frame(app, "upload_problems")
    assert problems["row"].tolist() == [16] and "a council you may upload for" in problems["expected"].iloc[0]
    assert versions(db_url).empty
    upload(app, GOOD)
    app.button(key="upload_confirm").click().run()
    assert versions(db_url).iloc[0]["created_by"] == "Officer@Barking.example.gov.uk"


def test_domain_entry_grants_its_councils(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "preferred_username": "anyone@bexley.example.gov.uk"}  # Entra: no email claim
    open_upload(app)
    assert any("Bexley (E09000004)" in s.value for s in app.success)


def test_no_raw_html_from_user_data(app, db_url):
    open_upload(app)
    upload(
        app,
        b"area_code,metric_id,period,value\n<script>alert(1)</script>,fte,2023-24,1\n",
        "<img src=x onerror=alert(1)>.csv",
    )
    problems = frame(app, "upload_problems")
    assert problems["value"].iloc[0] == "<script>alert(1)</script>"  # shown as data in a table, not HTML
    for element in [*app.markdown, *app.error, *app.info, *app.warning, *app.success]:
        assert not getattr(element.proto, "allow_html", False)


def test_upload_and_trends_on_postgresql(app, monkeypatch):
    """The same officer journey with the app pointed at a real PostgreSQL server."""
    import os

    from tests.kpi.storage.test_figures_and_plans_db import PG_URL, _fresh_pg

    if not PG_URL:
        if os.environ.get("KPI_REQUIRE_PG") == "1":
            pytest.fail("KPI_TEST_PG_URL is not set: .ci/run starts PostgreSQL with scripts/ci_postgres.sh")
        pytest.skip('PostgreSQL tests need KPI_TEST_PG_URL (run: eval "$(scripts/ci_postgres.sh)")')
    _fresh_pg(PG_URL)
    monkeypatch.setenv("KPI_DB_URL", PG_URL)
    import streamlit as st

    st.cache_resource.clear()
    open_upload(app)
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")
    app.button(key="upload_confirm").click().run()
    assert any("Saved as version 1: 14 row(s) added" in s.value for s in app.success)
    app.switch_page("pages/explore/trends.py").run()
    app.selectbox(key="metric").set_value("fte").run()
    line = trace(chart_specs(app)[0], "Barking and Dagenham (council-supplied)")
    assert decode(line["y"])[-1] == 3090
    st.cache_resource.clear()


def test_confirm_is_refused_if_someone_saved_since_the_preview(app, db_url, store):
    from kpi.officers.figures.read import parse_upload

    open_upload(app)
    upload(app, GOOD)
    other = parse_upload(
        b"area_code,metric_id,period,value\nE09000004,fte,2023-24,2000\n", "bexley.csv", store.catalogue
    )
    db = FigureStore.open(db_url)
    db.write_upload(other.rows.drop(columns="_excel_row"), who="colleague", file_name="bexley.csv", sha256="x")
    db.dispose()
    app.button(key="upload_confirm").click().run()
    assert "changed since your preview" in errors(app)
    assert len(versions(db_url)) == 1
    app.button(key="upload_confirm").click().run()  # the officer has now seen the new preview
    assert any("Saved as version 2" in s.value for s in app.success)


def test_unreachable_database_keeps_trends_and_explains_on_upload(app, monkeypatch):
    monkeypatch.setenv("KPI_DB_URL", "postgresql+psycopg://nobody:nothing@127.0.0.1:1/none?connect_timeout=2")
    app.run()
    assert not app.exception
    assert any("council-supplied figures cannot be read" in w.value for w in app.warning)
    app.switch_page("pages/explore/trends.py").run()
    assert chart_specs(app)  # Trends still draws the official figures
    app.switch_page("pages/officers/figures.py").run()
    assert not app.exception
    assert "database cannot be reached" in errors(app)


def test_template_filled_in_excel_is_accepted(app, db_url):
    """The 'done when' journey: download the Excel template, replace the example rows with ten years of FTE
    (EXAMPLE figures for testing), upload, confirm."""
    import io

    from openpyxl import load_workbook

    from kpi.officers.figures.template import template_xlsx

    book = load_workbook(io.BytesIO(template_xlsx()))
    sheet = book["figures"]
    sheet.delete_rows(2, sheet.max_row)
    for i in range(10):
        start = 2014 + i
        sheet.append(
            [
                "E09000002",
                "Barking and Dagenham",
                "fte",
                f"{start}/{(start + 1) % 100:02d}",
                3000 + 10 * i,
                "EXAMPLE figures for testing: not real",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    open_upload(app)
    upload(app, buffer.getvalue(), "fte.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not app.error
    preview = frame(app, "upload_preview")
    assert preview["period"].tolist()[0] == "2014-15" and preview["new value"].tolist()[-1] == 3090
    app.button(key="upload_confirm").click().run()
    assert any("10 row(s) added" in s.value for s in app.success)


def test_a_file_stays_read_across_reruns_and_confirm(app, db_url, monkeypatch):
    """Reading a file costs a second or more: a rerun with the same file attached (any click, Confirm included)
    reuses this session's result, keyed by the file's SHA-256 and the officer's councils."""
    import kpi.officers.figures.flow as upload_flow

    calls = []
    real = upload_flow.parse_upload
    monkeypatch.setattr(upload_flow, "parse_upload", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    open_upload(app)
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")
    app.run()
    app.run()
    assert len(calls) == 1
    upload(app, GOOD.replace(b"2023-24,3090", b"2023-24,3100"), "corrected.csv")  # other bytes: read again
    assert calls == ["EXAMPLE_fte_barking_and_dagenham.csv", "corrected.csv"]
    app.button(key="upload_confirm").click().run()
    assert any("Saved as version 1" in s.value for s in app.success)
    assert len(calls) == 2
    assert "upload_parsed" not in app.session_state  # nothing unconfirmed is kept after the save


def test_the_stored_figures_a_preview_compares_with_are_read_once_per_version(app, db_url, monkeypatch):
    """Each preview compares the file with the current version's figures: read once per version and shared, since
    a version never changes; a save makes a new version, which is read afresh."""
    import ui.views
    from kpi.storage.figures import FigureStore

    reads = []
    real = FigureStore.observations_at
    monkeypatch.setattr(FigureStore, "observations_at", lambda self, v: reads.append(v) or real(self, v))
    ui.views._upload_figures.clear()
    open_upload(app)
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")
    app.run()
    upload(app, GOOD.replace(b"2023-24,3090", b"2023-24,3100"), "corrected.csv")
    assert reads == [0]
    app.button(key="upload_confirm").click().run()
    assert any("Saved as version 1" in s.value for s in app.success)
    upload(app, GOOD, "EXAMPLE_fte_barking_and_dagenham.csv")  # against version 1: one figure differs
    app.run()
    assert reads.count(0) == 1 and reads.count(1) == 2  # version 1: once for the pages' figures, once for previews
    assert any("**0 to add**, **1 to change**, 13 already stored" in m.value for m in app.markdown)


DAMAGED_FILES = [
    ("long cell", "f.csv", b"area_code,metric_id,period,value\nE09000002,fte,2023-24," + b"x" * 140_000, "line 2"),
    ("damaged workbook", "f.xlsx", None, "workbook is damaged"),
    ("utf-32", "f.csv", "area_code,metric_id,period,value\n".encode("utf-32"), "CSV UTF-8"),
]


@pytest.mark.parametrize("label,name,data,message", DAMAGED_FILES, ids=[d[0] for d in DAMAGED_FILES])
def test_damaged_files_get_a_message_not_an_error_screen(app, db_url, label, name, data, message):
    from tests.kpi.officers import rawxlsx

    if data is None:
        data = rawxlsx.workbook(rawxlsx.figures_row('<c r="D2" t="s"><v>7</v></c>'))
    open_upload(app)
    upload(app, data, name)
    assert "cannot be read" in errors(app) and message in errors(app)
    assert versions(db_url).empty


def test_an_infinite_value_is_a_row_problem(app, db_url):
    open_upload(app)
    upload(app, b"area_code,metric_id,period,value\nE09000002,fte,2023-24,inf\nE09000002,fte,2022-23,1e400\n")
    problems = frame(app, "upload_problems")
    assert problems[["row", "column"]].values.tolist() == [[2, "value"], [3, "value"]]
    assert versions(db_url).empty


ENTRA_TENANT = "11111111-2222-3333-4444-555555555555"


def entra_secrets(*, tenant_ids=None, metadata_tenant="common"):
    auth = dict(
        AUTH["auth"],
        server_metadata_url=f"https://login.microsoftonline.com/{metadata_tenant}/v2.0/.well-known/openid-configuration",
    )
    kpi = dict(AUTH["kpi"], **({"tenant_ids": tenant_ids} if tenant_ids is not None else {}))
    return {"auth": auth, "kpi": kpi}


def test_an_unverified_address_is_read_only(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "officer@barking.example.gov.uk", "email_verified": False}
    open_upload(app)
    assert any("has not verified this address" in w.value for w in app.warning)
    assert not app.get("file_uploader")


@pytest.mark.parametrize(
    "secrets,tid,writes",
    [
        (entra_secrets(tenant_ids=[ENTRA_TENANT]), ENTRA_TENANT, True),
        (entra_secrets(tenant_ids=[ENTRA_TENANT]), "99999999-8888-7777-6666-555555555555", False),
        (entra_secrets(metadata_tenant=ENTRA_TENANT), ENTRA_TENANT, True),  # a single-tenant registration
        (entra_secrets(), ENTRA_TENANT, False),  # the shared endpoint and no tenant listed: none trusted
    ],
    ids=["listed tenant", "other tenant", "tenant in metadata address", "no tenant trusted"],
)
def test_entra_sign_ins_count_only_from_trusted_tenants(app, db_url, secrets, tid, writes):
    app.secrets = secrets
    app.user = {"is_logged_in": True, "preferred_username": "officer@barking.example.gov.uk", "tid": tid}
    open_upload(app)
    assert bool(app.get("file_uploader")) == writes
    if not writes:
        assert any("Microsoft Entra tenant" in w.value for w in app.warning)


def test_an_address_with_two_ats_is_read_only_with_the_reason(app, db_url):
    app.secrets = AUTH
    app.user = {"is_logged_in": True, "email": "x@evil.com@bexley.example.gov.uk"}
    open_upload(app)
    assert any("not one local part and one domain" in w.value for w in app.warning)
    assert not app.get("file_uploader")
