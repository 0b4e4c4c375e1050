"""A browser's HTTP/1.1 for the load test, on asyncio streams: one kept-alive connection and a cookie jar per person.

A simulated person makes four HTTP requests (the page, /_stcore/health, /_stcore/host-config and, for an officer,
an upload); the rest is the WebSocket. A general-purpose client cost about 5 ms of CPU a person for those, on the
same two cores as the servers measured, which is the bench's cost, not the server's. This reads exactly what the
servers here send: a status line, headers, and a body by Content-Length or chunked."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

RETRIED = (ConnectionError, asyncio.IncompleteReadError)


class HTTPError(RuntimeError):
    """The server answered with an error status or not as HTTP/1.1."""


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]  # lower-case names; a repeated header's values joined by ", " (Set-Cookie kept apart)
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise HTTPError(f"HTTP {self.status_code}: {self.text[:80]}")


class Browser:
    """What a browser keeps between requests to one site: its cookies and an open connection."""

    def __init__(self, base: str, *, timeout: float):
        url = urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.authority, self.timeout = url.netloc, timeout
        self.cookies: dict[str, str] = {}
        self.retried = 0  # requests sent again after a kept-alive connection closed under them
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, params: str | None = None) -> Response:
        return await self.request("GET", path + (f"?{params}" if params else ""))

    async def put_file(self, url: str, name: str, data: bytes, content_type: str, headers: dict) -> Response:
        """A form with one file field named 'file', as the frontend's uploader sends it."""
        boundary = uuid.uuid4().hex
        body = b"".join(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode(),
                f"Content-Type: {content_type}\r\n\r\n".encode(),
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            )
        )
        path = urlsplit(url)
        target = (path.path or "/") + (f"?{path.query}" if path.query else "")
        kind = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return await self.request("PUT", target, headers=headers | kind, body=body)

    async def request(self, method: str, target: str, *, headers: dict | None = None, body: bytes = b"") -> Response:
        """One request on the kept-alive connection, sent again once on a new one if the server had closed it (it
        closes connections idle for a few seconds; a browser does the same)."""
        head = [f"{method} {target} HTTP/1.1", f"Host: {self.authority}", "Accept: */*"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method in ("PUT", "POST"):
            head.append(f"Content-Length: {len(body)}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        async with asyncio.timeout(self.timeout):
            fresh = self._streams is None
            try:
                return await self._exchange(message)
            except RETRIED:
                await self.aclose()
                if fresh:
                    raise
                self.retried += 1
                return await self._exchange(message)

    async def aclose(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams = None
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _exchange(self, message: bytes) -> Response:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(message)
        await writer.drain()
        status, *lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        parts = status.split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise HTTPError(f"not an HTTP/1.1 answer: {status[:80]!r}")
        headers: dict[str, str] = {}
        for line in lines:
            name, sep, value = line.partition(":")
            if not sep:
                continue
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
            else:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        content = await self._body(reader, headers)
        if headers.get("connection", "").lower() == "close":
            await self.aclose()
        return Response(int(parts[1]), headers, content)

    @staticmethod
    async def _body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")  # no trailers are sent here
            return b"".join(chunks)
        return await reader.readexactly(int(headers.get("content-length", "0")))
