"""Finding a release's file through the GOV.UK content API, with GOV.UK's own example content items."""

from __future__ import annotations

import json

import pytest
import responses

from loaders import govuk, http, registry
from loaders.errors import LayoutChanged, SourceNotFound
from tests.loaders.helpers import GOVUK

PUBLICATION = json.loads((GOVUK / "publication-with-featured-attachments.json").read_text())
COLLECTION = json.loads((GOVUK / "document_collection.json").read_text())


def test_attachments_of_the_example_publication():
    found = govuk.attachments("x", PUBLICATION, r"\.pdf$")
    assert found[0].url == (
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/"
        "attachment_data/file/315163/PUBLIC_1392629965.pdf"
    )
    assert found[0].filename == "PUBLIC_1392629965.pdf"


def test_publications_of_the_example_collection_newest_first():
    docs = govuk.publications("x", COLLECTION, r"competence framework")
    assert docs[0]["base_path"] == "/government/publications/car-and-light-van-driver-competence-framework"
    assert [d["public_updated_at"] for d in docs] == sorted((d["public_updated_at"] for d in docs), reverse=True)


def test_publication_without_attachments_is_layout_changed():
    with pytest.raises(LayoutChanged, match="details.attachments"):
        govuk.attachments("x", {"base_path": "/p", "details": {}}, ".")


def publication_with(filename: str, url: str, base_path: str) -> dict:
    item = json.loads(json.dumps(PUBLICATION))
    item["base_path"] = base_path
    item["details"]["attachments"] = [
        dict(
            item["details"]["attachments"][0],
            url=url,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    ]
    return item


@responses.activate
def test_discover_follows_collection_to_publication_to_file(monkeypatch):
    monkeypatch.setattr(http, "_sleep", lambda s: None)
    collection = json.loads(json.dumps(COLLECTION))
    collection["links"]["documents"][0]["title"] = "Council Tax levels set by local authorities in England 2030 to 2031"
    collection["links"]["documents"][0]["base_path"] = "/government/statistics/council-tax-levels-2030-31"
    entry = registry.entry("mhclg_council_tax_ctr")
    responses.add(responses.GET, govuk.API + entry.collection, json=collection)
    asset = "https://assets.publishing.service.gov.uk/media/0123456789abcdef01234567/CTR_Table_9_2030-31.ods"
    responses.add(
        responses.GET,
        govuk.API + "/government/statistics/council-tax-levels-2030-31",
        json=publication_with("CTR_Table_9_2030-31.ods", asset, "/government/statistics/council-tax-levels-2030-31"),
    )
    found = govuk.discover(
        http.make_session(backend="memory"),
        source_id=entry.source_id,
        filename_pattern=entry.filename_pattern,
        collection=entry.collection,
        title_pattern=entry.title_pattern,
    )
    assert found.url == asset and found.filename == "CTR_Table_9_2030-31.ods"


@responses.activate
def test_no_matching_attachment_is_not_found(monkeypatch):
    monkeypatch.setattr(http, "_sleep", lambda s: None)
    path = "/government/statistical-data-sets/live-tables-on-local-government-finance"
    responses.add(
        responses.GET, govuk.API + path, json=publication_with("Other_table.xlsx", "https://a.test/x.xlsx", path)
    )
    with pytest.raises(SourceNotFound, match="Borrowing_and_Investment"):
        govuk.discover(
            http.make_session(backend="memory"),
            source_id="mhclg_borrowing_investment",
            filename_pattern=r"Borrowing_and_Investment_Live_Table.*\.xlsx$",
            publication=path,
        )


def test_every_registry_entry_is_reviewable():
    for entry in registry.ENTRIES:
        assert entry.kind in {"govuk", "direct", "manual"}
        if entry.kind == "direct":
            assert entry.url.startswith("https://")
        if entry.kind == "govuk":
            assert entry.filename_pattern and (entry.collection or entry.publication)
        if entry.kind == "manual":
            assert entry.note
