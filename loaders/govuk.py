"""Finding the current file of a GOV.UK publication through the content API, instead of hard-coded asset links.

`/api/content/<collection path>` lists a collection's publications in `links.documents[]`;
`/api/content/<publication path>` lists its files in `details.attachments[]` (each with `url`, `filename`,
`title`, `content_type`). Asset addresses change with every release; publication paths live in loaders.registry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

import requests

from loaders import http
from loaders.errors import LayoutChanged, SourceNotFound

API = "https://www.gov.uk/api/content"


@dataclass(frozen=True)
class Attachment:
    url: str
    filename: str
    title: str
    publication: str  # base path of the publication page
    updated: str  # public_updated_at of the publication (the release date we record)


def content_request(source_id: str, base_path: str) -> http.Request:
    path = "/" + base_path.strip("/")
    return http.Request(
        source_id=source_id, url=f"{API}{path}", accept="application/json", expire_after=timedelta(hours=6)
    )


def _json(source_id: str, content: bytes, what: str) -> dict:
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutChanged(source_id, f"{what} is not JSON from the GOV.UK content API ({exc})") from exc
    if not isinstance(data, dict):
        raise LayoutChanged(source_id, f"{what}: expected a JSON object, found {type(data).__name__}")
    return data


def publications(source_id: str, collection: dict, title_pattern: str) -> list[dict]:
    """The collection's documents whose title matches, newest first (by public_updated_at)."""
    docs = collection.get("links", {}).get("documents")
    if docs is None:
        raise LayoutChanged(source_id, "the collection has no links.documents list (GOV.UK content API changed?)")
    regex = re.compile(title_pattern, re.I)
    found = [d for d in docs if regex.search(str(d.get("title", "")))]
    return sorted(found, key=lambda d: str(d.get("public_updated_at", "")), reverse=True)


def attachments(source_id: str, publication: dict, filename_pattern: str) -> list[Attachment]:
    details = publication.get("details")
    if not isinstance(details, dict) or "attachments" not in details:
        raise LayoutChanged(source_id, f"publication {publication.get('base_path')!r} has no details.attachments")
    regex = re.compile(filename_pattern, re.I)
    out = []
    for item in details["attachments"]:
        if item.get("attachment_type", "file") != "file" or not item.get("url"):
            continue
        filename = item.get("filename") or str(item["url"]).rsplit("/", 1)[-1]
        if regex.search(filename) or regex.search(str(item.get("title", ""))):
            out.append(
                Attachment(
                    url=str(item["url"]),
                    filename=filename,
                    title=str(item.get("title", "")),
                    publication=str(publication.get("base_path", "")),
                    updated=str(publication.get("public_updated_at", ""))[:10],
                )
            )
    return out


def discover(
    session: requests.Session,
    *,
    source_id: str,
    filename_pattern: str,
    publication: str | None = None,
    collection: str | None = None,
    title_pattern: str = ".",
    progress=None,
) -> Attachment:
    """The newest attachment matching `filename_pattern`, from a publication page or a collection's publications."""
    if publication:
        candidates = [publication]
    elif collection:
        body = http.get(session, content_request(source_id, collection), progress=progress)
        docs = publications(source_id, _json(source_id, body, f"collection {collection}"), title_pattern)
        if not docs:
            raise SourceNotFound(source_id, f"no publication titled like {title_pattern!r} in {collection}")
        candidates = [str(d.get("base_path")) for d in docs[:3]]
    else:
        raise ValueError("a publication or a collection path is needed")
    for path in candidates:
        body = http.get(session, content_request(source_id, path), progress=progress)
        found = attachments(source_id, _json(source_id, body, f"publication {path}"), filename_pattern)
        if found:
            return found[0]
    raise SourceNotFound(source_id, f"no attachment named like {filename_pattern!r} on {', '.join(candidates)}")
