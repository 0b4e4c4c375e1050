"""The Report pack page through AppTest: the profile's cards to start with, Make pack, the downloads, and what
it says when PDF packs cannot be made."""

import datetime as dt

import pytest

from reports import pdf

pytestmark = pytest.mark.filterwarnings("ignore")
CARDS = ["population", "csp_cash", "csp_real", "csp_per_head", "reserves", "debt", "band_d"]


def open_pack_page(app):
    app.run()
    app.switch_page("pages/explore/pack.py").run()
    assert not app.exception
    return app


def downloads(app):
    return {b.label: b for b in app.get("download_button")}


def test_the_page_starts_from_the_profiles_cards(app, db_url):
    open_pack_page(app)
    assert app.title[0].value == "Report pack: Barking and Dagenham"
    assert app.multiselect(key="pack_measures_E09000002").value == CARDS
    assert app.checkbox(key="pack_docx").value is True
    assert not downloads(app)
    assert not app.date_input  # overdue actions as of today unless another date is asked for
    app.checkbox(key="pack_as_of_other").check().run()
    assert app.date_input(key="pack_as_of").value == dt.date.today()


def test_make_pack_offers_the_file_and_withdraws_it_when_a_choice_changes(app, db_url):
    open_pack_page(app)
    app.multiselect(key="pack_measures_E09000002").set_value(["population"])
    app.checkbox(key="pack_pdf").uncheck()
    app.button(key="pack_make").click().run()
    assert not app.exception and not app.error
    assert app.get("progress")[0].proto.text == "Done"
    assert list(downloads(app)) == ["Download Word document"]
    app.multiselect(key="pack_measures_E09000002").set_value(["population", "band_d"]).run()
    assert not downloads(app)
    assert any("make it again" in c.value for c in app.caption)


def test_without_the_pdf_libraries_the_page_says_what_is_missing(app, db_url, monkeypatch):
    def missing():
        raise pdf.PdfUnavailable("PDF packs cannot be made on this server: install libpango-1.0-0.")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    pdf.unavailable_reason.cache_clear()
    try:
        open_pack_page(app)
        assert app.checkbox(key="pack_pdf").disabled and app.checkbox(key="pack_pdf").value is False
        assert any("libpango-1.0-0" in w.value for w in app.warning)
    finally:
        pdf.unavailable_reason.cache_clear()


def test_the_profile_links_to_the_pack(app, db_url):
    app.run()
    assert any("report pack" in link.proto.label.lower() for link in app.get("page_link"))
