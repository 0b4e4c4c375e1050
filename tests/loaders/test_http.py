"""HTTP behaviour of the one session factory, on recorded responses (no test touches the internet)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests
import responses

from loaders import http
from loaders.errors import BadData, SourceNotFound, SourceUnavailable

URL = "https://files.example.test/release.csv"
REQ = http.Request(source_id="example_source", url=URL)


@pytest.fixture
def waits(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(http, "_sleep", slept.append)
    return slept


@pytest.fixture
def session():
    return http.make_session(backend="memory")


@responses.activate
def test_timeouts_are_retried_then_reported_as_unavailable(session, waits):
    responses.add(responses.GET, URL, body=requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(SourceUnavailable, match="after 5 attempts.*ConnectTimeout"):
        http.get(session, REQ)
    assert len(responses.calls) == 5
    assert waits == [1.5, 3.0, 6.0, 12.0]  # exponential backoff


@responses.activate
def test_every_call_has_a_timeout_and_verifies_certificates(monkeypatch):
    seen = {}
    plain = requests.Session()
    original = plain.get

    def spy(url, **kwargs):
        seen.update(kwargs)
        return original(url, **kwargs)

    monkeypatch.setattr(plain, "get", spy)
    responses.add(responses.GET, URL, body=b"a,b\n1,2\n")
    http.get(plain, REQ)
    assert seen["timeout"] == (http.CONNECT_TIMEOUT, http.READ_TIMEOUT)
    assert seen["verify"] is True


@responses.activate
def test_500_then_success_is_retried(session, waits):
    responses.add(responses.GET, URL, status=500)
    responses.add(responses.GET, URL, body=b"a,b\n1,2\n")
    assert http.get(session, REQ) == b"a,b\n1,2\n"
    assert len(responses.calls) == 2 and waits == [1.5]


@responses.activate
def test_429_honours_retry_after(session, waits):
    responses.add(responses.GET, URL, status=429, headers={"Retry-After": "7"})
    responses.add(responses.GET, URL, body=b"ok")
    assert http.get(session, REQ) == b"ok"
    assert waits == [7.0]


@responses.activate
def test_persistent_5xx_is_unavailable(session, waits):
    responses.add(responses.GET, URL, status=503)
    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        http.get(session, REQ)


@responses.activate
def test_404_is_not_found_without_retrying(session, waits):
    responses.add(responses.GET, URL, status=404)
    with pytest.raises(SourceNotFound, match="404"):
        http.get(session, REQ)
    assert len(responses.calls) == 1 and waits == []


@responses.activate
def test_truncated_body_is_bad_data(session, waits):
    responses.add(
        responses.GET, URL, body=b"a,b\n1,", headers={"Content-Length": "1000"}, auto_calculate_content_length=False
    )
    with pytest.raises(BadData, match="truncated|cut off"):
        http.get(session, REQ)


@responses.activate
def test_empty_file_is_bad_data(session, waits):
    responses.add(responses.GET, URL, body=b"")
    with pytest.raises(BadData, match="empty"):
        http.get(session, REQ)


def test_http_addresses_are_refused(session):
    with pytest.raises(SourceUnavailable, match="only https"):
        http.get(session, http.Request(source_id="x", url="http://files.example.test/a.csv"))


@responses.activate
def test_user_agent_names_the_project(session):
    responses.add(responses.GET, URL, body=b"ok")
    http.get(session, REQ)
    assert "council-kpi-dashboard" in responses.calls[0].request.headers["User-Agent"]


@responses.activate
def test_stale_copy_is_served_when_the_source_errors(waits):
    session = http.make_session(backend="memory")
    request = http.Request(source_id="example_source", url=URL, expire_after=timedelta(seconds=1))
    responses.add(responses.GET, URL, body=b"first release")
    responses.add(responses.GET, URL, status=500)
    assert http.get(session, request) == b"first release"
    time.sleep(1.1)  # let the cached copy expire
    assert http.get(session, request) == b"first release"  # served from cache, marked stale


def test_per_source_expiry_is_configurable(tmp_path):
    session = http.make_session(cache_path=tmp_path / "cache", expire_after={"*.nomisweb.co.uk": timedelta(days=7)})
    assert session.settings.urls_expire_after == {"*.nomisweb.co.uk": timedelta(days=7)}
    assert session.settings.stale_if_error is True


@responses.activate
def test_retry_after_as_a_date_is_capped(session, waits):
    responses.add(responses.GET, URL, status=429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    responses.add(responses.GET, URL, body=b"ok")
    assert http.get(session, REQ) == b"ok"
    assert waits == [http.MAX_RETRY_AFTER]


def test_a_web_page_served_instead_of_a_workbook_is_bad_data():
    from loaders.tables import Workbook

    with pytest.raises(BadData, match="web page"):
        Workbook(b"<!DOCTYPE html><html><body>Sign in</body></html>", "example_source", "table.xlsx")


@responses.activate
def test_long_downloads_report_progress(session):
    body = b"x" * 2_500_000
    responses.add(responses.GET, URL, body=body, auto_calculate_content_length=True)
    messages: list[str] = []
    assert http.get(session, REQ, progress=messages.append) == body
    assert messages[0] == "example_source: 1.0 of 2.5 MB"
    assert messages[-1] == "example_source: downloaded 2.5 MB"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_refused_connection_fails_at_once_with_no_network(session, waits):
    """A real refused connection (nothing listens on the port): one attempt, no waiting, "no network"."""
    request = http.Request(source_id="example_source", url=f"https://127.0.0.1:{_free_port()}/release.csv")
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="no network: the connection was refused"):
        http.get(session, request)
    assert waits == [] and time.monotonic() - started < 5


def test_a_failed_name_lookup_fails_at_once_with_no_network(session, waits, monkeypatch):
    """Offline, the resolver fails: the real requests/urllib3 error chain is read, not a message string."""
    import socket

    def offline(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    with pytest.raises(SourceUnavailable, match="no network: the name lookup failed reaching https://files"):
        http.get(session, REQ)
    assert waits == []


@responses.activate
def test_a_dropped_connection_is_still_retried(session, waits):
    responses.add(responses.GET, URL, body=requests.exceptions.ConnectionError("Connection reset by peer"))
    responses.add(responses.GET, URL, body=b"a,b\n1,2\n")
    assert http.get(session, REQ) == b"a,b\n1,2\n"
    assert waits == [1.5]
