"""The load test's HTTP/1.1 client (bench/http1.py) against a small loopback server that answers as the servers
measured do: bodies by Content-Length and chunked, cookies set, a kept-alive connection closed while idle."""

from __future__ import annotations

import asyncio

import pytest

from bench.http1 import Browser, HTTPError


class Server:
    """Answers each request from `answers` in turn, recording what it was sent; closes the connection after an
    answer when told to, as a server does with a connection idle too long."""

    def __init__(self, answers: list[tuple[bytes, bool]]):
        self.answers, self.received, self.connections = list(answers), [], 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        while self.answers:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = next(
                (int(x.split(b":")[1]) for x in head.split(b"\r\n") if x.lower().startswith(b"content-length")), 0
            )
            self.received.append(head + await reader.readexactly(length))
            answer, close = self.answers.pop(0)
            writer.write(answer)
            await writer.drain()
            if close:
                break
        writer.close()


def run(answers, requests):
    async def main():
        server = Server(answers)
        listening = await asyncio.start_server(server.serve, "127.0.0.1", 0)
        port = listening.sockets[0].getsockname()[1]
        browser = Browser(f"http://127.0.0.1:{port}", timeout=10)
        try:
            out = [await request(browser) for request in requests]
        finally:
            await browser.aclose()
            listening.close()
        return server, browser, out

    return asyncio.run(main())


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


def test_a_body_by_length_and_a_chunked_body_on_one_kept_alive_connection():
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;x=1\r\n, world\r\n0\r\n\r\n"
    server, _, (first, second) = run(
        [(OK, False), (chunked, False)], [lambda b: b.get("/a"), lambda b: b.get("/b", "x=1")]
    )
    assert (first.status_code, first.text, second.text) == (200, "ok", "hello, world")
    assert server.connections == 1
    assert server.received[1].startswith(b"GET /b?x=1 HTTP/1.1\r\n")


def test_cookies_set_by_the_server_are_sent_back():
    cookie = (
        b"HTTP/1.1 200 OK\r\nSet-Cookie: _streamlit_xsrf=2|abc|def; Path=/\r\n"
        b"Set-Cookie: replica=2; Path=/\r\nContent-Length: 0\r\n\r\n"
    )
    server, browser, _ = run([(cookie, False), (OK, False)], [lambda b: b.get("/"), lambda b: b.get("/again")])
    assert browser.cookies == {"_streamlit_xsrf": "2|abc|def", "replica": "2"}
    assert b"\r\nCookie: _streamlit_xsrf=2|abc|def; replica=2\r\n" in server.received[1]


def test_a_connection_closed_while_idle_is_opened_again_and_the_request_sent_once_more():
    server, browser, (first, second) = run([(OK, True), (OK, False)], [lambda b: b.get("/"), lambda b: b.get("/")])
    assert (first.text, second.text) == ("ok", "ok")
    assert server.connections == 2 and browser.retried == 1


def test_a_file_is_put_as_a_multipart_form_with_its_headers():
    server, _, (answer,) = run(
        [(b"HTTP/1.1 204 No Content\r\n\r\n", False)],
        [
            lambda b: b.put_file(
                "http://h/_stcore/upload_file/s/f", "a.csv", b"x,y\n1,2\n", "text/csv", {"X-Xsrftoken": "t"}
            )
        ],
    )
    sent = server.received[0]
    assert answer.status_code == 204
    assert sent.startswith(b"PUT /_stcore/upload_file/s/f HTTP/1.1\r\n") and b"\r\nX-Xsrftoken: t\r\n" in sent
    assert b'name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n\r\n--' in sent


def test_an_error_status_is_raised_when_asked():
    _, _, (answer,) = run(
        [(b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\ngone", False)], [lambda b: b.get("/x")]
    )
    with pytest.raises(HTTPError, match="HTTP 404: gone"):
        answer.raise_for_status()
