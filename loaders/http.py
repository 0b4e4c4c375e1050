"""The one HTTP session factory and the one way to fetch a file, for every source.

Every call has a timeout; timeouts, dropped connections, 429 (honouring Retry-After) and 5xx are retried with
exponential backoff, while a failed name lookup or a refused connection fails at once with "no network" (offline,
retrying only makes a person wait). Responses are cached with requests-cache (per-source expiry, stale copies
served when the source errors); only https:// addresses are fetched and certificates are always verified. Failures
become the typed errors of loaders.errors so a command can say what went wrong with which source.
"""

from __future__ import annotations

import email.utils
import errno
import socket
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests
import requests_cache

from loaders.errors import BadData, SourceNotFound, SourceUnavailable

USER_AGENT = "council-kpi-dashboard-loaders/1.0 (open data refresh for English councils' productivity plans)"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
RETRIES = 4
BACKOFF = 1.5  # seconds; doubled each retry
MAX_RETRY_AFTER = 120  # never sleep longer than this on a server's say-so
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_CACHE = Path.home() / ".cache" / "council-kpi" / "http"


@dataclass(frozen=True)
class Request:
    """What to fetch: built by registry.request_for (pure), performed by get()."""

    source_id: str
    url: str
    params: tuple[tuple[str, str], ...] = ()
    expire_after: timedelta = timedelta(days=1)
    accept: str = "*/*"
    filename: str = ""


def make_session(
    *, cache_path: Path | None = None, backend: str = "sqlite", expire_after: Mapping[str, timedelta] | None = None
) -> requests.Session:
    """A cached session. `expire_after` maps URL patterns to expiry (per source); default one day."""
    kwargs = {}
    if backend == "sqlite":
        path = Path(cache_path or DEFAULT_CACHE)
        path.parent.mkdir(parents=True, exist_ok=True)
        kwargs["cache_name"] = str(path)
    else:
        kwargs["cache_name"] = "council-kpi"
    session = requests_cache.CachedSession(
        backend=backend,
        expire_after=timedelta(days=1),
        urls_expire_after=dict(expire_after or {}),
        stale_if_error=True,
        allowable_codes=(200,),
        **kwargs,
    )
    session.headers["User-Agent"] = USER_AGENT
    session.verify = True
    return session


def _retry_after(response: requests.Response, default: float) -> float:
    value = response.headers.get("Retry-After")
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = default
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


NO_ROUTE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH}


def no_network(exc: BaseException) -> str:
    """Why a connection error cannot be cured by waiting (a failed name lookup, a refused or unroutable
    connection), or "" if it might be (a dropped connection, a reset)."""
    stack, seen = [exc], set()
    while stack:
        err = stack.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, socket.gaierror):
            return "the name lookup failed"
        if isinstance(err, OSError) and err.errno in NO_ROUTE:
            return "the connection was refused" if err.errno == errno.ECONNREFUSED else "no route to the server"
        stack.extend([getattr(err, "reason", None), err.__cause__, err.__context__])
        stack.extend(a for a in getattr(err, "args", ()) if isinstance(a, BaseException))
    return ""


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def get(
    session: requests.Session,
    request: Request,
    *,
    sleep: Callable[[float], None] | None = None,
    progress: Callable[[str], None] | None = None,
    retries: int = RETRIES,
) -> bytes:
    """The body of `request`, or a typed error after retries. Never returns None, never skips verification."""
    sid = request.source_id
    sleep = sleep or _sleep
    if not request.url.lower().startswith("https://"):
        raise SourceUnavailable(sid, f"refusing to fetch {request.url!r}: only https:// addresses are allowed")
    last = ""
    for attempt in range(retries + 1):
        wait = BACKOFF * (2**attempt)
        try:
            kwargs = {"expire_after": request.expire_after} if isinstance(session, requests_cache.CacheMixin) else {}
            response = session.get(
                request.url,
                params=list(request.params) or None,
                stream=True,
                verify=True,
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                headers={"Accept": request.accept},
                **kwargs,
            )
        except requests.exceptions.SSLError as exc:
            raise SourceUnavailable(sid, f"certificate check failed for {request.url}: {exc}") from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            why = no_network(exc) if isinstance(exc, requests.exceptions.ConnectionError) else ""
            if why:
                raise SourceUnavailable(sid, f"no network: {why} reaching {request.url}") from exc
            last = f"{type(exc).__name__} reaching {request.url}"
            if attempt < retries:
                sleep(wait)
                continue
            raise SourceUnavailable(sid, f"could not reach the source after {retries + 1} attempts ({last})") from exc
        status = response.status_code
        if status in RETRY_STATUSES:
            last = f"HTTP {status} from {request.url}"
            response.close()
            if attempt < retries:
                sleep(_retry_after(response, wait) if status in (429, 503) else wait)
                continue
            raise SourceUnavailable(sid, f"the source kept failing after {retries + 1} attempts ({last})")
        if status in (404, 410):
            raise SourceNotFound(sid, f"HTTP {status}: {request.url} no longer exists")
        if status >= 400:
            raise SourceUnavailable(sid, f"HTTP {status} from {request.url}")
        return _read_body(response, request, progress)
    raise SourceUnavailable(sid, last or "no attempt was made")  # pragma: no cover - loop always returns or raises


def _read_body(response: requests.Response, request: Request, progress: Callable[[str], None] | None) -> bytes:
    sid = request.source_id
    expected = response.headers.get("Content-Length")
    total = int(expected) if expected and expected.isdigit() else None
    chunks: list[bytes] = []
    received = 0
    shown = 0
    try:
        for chunk in response.iter_content(chunk_size=256 * 1024):
            chunks.append(chunk)
            received += len(chunk)
            if progress and total and total > 1_000_000 and received - shown >= 1_000_000:
                shown = received
                progress(f"{sid}: {received / 1e6:.1f} of {total / 1e6:.1f} MB")
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
        raise BadData(sid, f"the download of {request.url} was cut off after {received:,} bytes") from exc
    body = b"".join(chunks)
    encoding = response.headers.get("Content-Encoding", "identity")
    if total is not None and encoding == "identity" and len(body) < total:
        raise BadData(sid, f"the download of {request.url} is truncated: {len(body):,} of {total:,} bytes")
    if not body.strip():
        raise BadData(sid, f"{request.url} returned an empty file")
    if progress and total and total > 1_000_000:
        progress(f"{sid}: downloaded {len(body) / 1e6:.1f} MB")
    return body


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
