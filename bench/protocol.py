"""A Streamlit client without a browser: it speaks the frontend's protocol to /_stcore/stream.

Opening a page is what a browser's first visit does to the server: the page's HTML, /_stcore/health (which sets
the XSRF cookie) and /_stcore/host-config, then a WebSocket with the subprotocols ["streamlit", <XSRF token>] and a
rerun_script BackMsg naming the page by its URL path. Each later step is one rerun_script as the frontend sends it:
the query string the app last set, the current page's script hash, the messages it has cached (by hash), and the
values of every widget on screen (bench/widgets.py), one of them changed; a page change sends the target page's
hash and only the widgets the main script drew (the sidebar's). An upload asks the server for file URLs, PUTs the
file to /_stcore/upload_file/... with the XSRF header, then reruns with the uploader's state. Each step is timed
from sending to the run's script_finished."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.typing import Origin, Subprotocol

from bench import widgets
from bench.http1 import Browser

DONE = ForwardMsg.ScriptFinishedStatus
XSRF = "_streamlit_xsrf"


class ProtocolError(RuntimeError):
    """The server did not answer as the frontend expects (a page not found, an error drawn, no answer in time)."""


@dataclass
class Run:
    elements: dict[tuple, object] = field(default_factory=dict)  # this run's elements by delta path
    scripts: dict[tuple, str] = field(default_factory=dict)  # the script (hash) that drew each
    errors: list[str] = field(default_factory=list)  # exceptions drawn, a page not found
    seconds: float = 0.0

    def of_kind(self, kind: str) -> list:
        return [e for _, e in sorted(self.elements.items()) if e.WhichOneof("type") == kind]


class Session:
    def __init__(self, base: str, *, timeout: float = 180.0):
        self.base, self.timeout = base, timeout
        self.http: Browser | None = None
        self.ws = None
        self.session_id = self.main_hash = self.page_hash = self.query = self.path = ""
        self.pages: dict[str, str] = {}  # page title -> script hash, from the navigation message
        self.values: dict[str, object] = {}  # widget id -> WidgetState, as the frontend's widget manager holds them
        self.cache: dict[str, ForwardMsg] = {}
        self.last = Run()
        self._pending: dict[str, object] = {}  # file URL responses by request id
        self.step = ""  # the step under way, for a failure's reason

    async def open(self, path: str = "/", query: str = "") -> Run:
        start, self.step = time.perf_counter(), f"open {path}"
        self.http = Browser(self.base, timeout=self.timeout)
        for url in (path + (f"?{query}" if query else ""), "/_stcore/health", "/_stcore/host-config"):
            (await self.http.get(url)).raise_for_status()
        cookies = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        protocols = [Subprotocol("streamlit"), Subprotocol(self.http.cookies.get(XSRF) or "PLACEHOLDER_AUTH_TOKEN")]
        self.ws = await connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=protocols,
            additional_headers={"Cookie": cookies},
            origin=Origin(self.base),
            max_size=None,
            open_timeout=self.timeout,
        )
        self.path, self.query = path, query
        run = await self._rerun(page_hash="", page_name=path.strip("/"), states=[])
        run.seconds = time.perf_counter() - start
        return run

    def widget(self, label: str | None = None, *, key: str | None = None):
        for element in self.last.elements.values():
            kind = element.WhichOneof("type")
            wid = getattr(getattr(element, kind), "id", "")
            if wid and (widgets.label(element) == label or (key and widgets.user_key(wid) == key)):
                return element
        raise ProtocolError(f"no widget {label or key!r} on the page")

    def value(self, label: str | None = None, *, key: str | None = None):
        """The value the frontend holds for a widget on screen (an option's label for a select box)."""
        element = self.widget(label, key=key)
        state = self.values.get(getattr(element, element.WhichOneof("type")).id)
        return None if state is None else getattr(state, state.WhichOneof("value"))

    async def set(self, label: str | None, value, *, key: str | None = None) -> Run:
        """A person changes one widget: every widget on screen is sent, that one with its new value."""
        self.step = f"set {label or key}"
        element = self.widget(label, key=key)
        state = widgets.choose(element, value)
        if not state.HasField("trigger_value"):
            self.values[state.id] = state
        return await self._rerun(page_hash=self.page_hash, states=self._states(changed=state))

    async def goto(self, title: str) -> Run:
        """A click on a page in the navigation: that page's hash, the main script's widgets, no query string."""
        self.step = f"open page {title}"
        if title not in self.pages:
            raise ProtocolError(f"no page {title!r} in the navigation ({', '.join(self.pages)})")
        self.query = ""
        keep = {p for p, h in self.last.scripts.items() if h == self.main_hash}
        return await self._rerun(page_hash=self.pages[title], states=self._states(paths=keep))

    async def upload(self, label: str, name: str, data: bytes, content_type: str = "text/csv") -> Run:
        """Choose a file in an uploader: ask for its URLs, PUT it (XSRF header), rerun with the uploader's state."""
        element, self.step = self.widget(label), f"upload {name}"
        start = time.perf_counter()
        request = BackMsg()
        request.file_urls_request.request_id = rid = uuid.uuid4().hex
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        await self.ws.send(request.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while rid not in self._pending:
                self._handle(self._parse(await self.ws.recv()), Run())
        response = self._pending.pop(rid)
        if response.error_msg or not response.file_urls:
            raise ProtocolError(f"file URLs refused: {response.error_msg}")
        urls = response.file_urls[0]
        put = await self.http.put_file(
            urls.upload_url, name, data, content_type, {"X-Xsrftoken": self.http.cookies[XSRF]}
        )
        if put.status_code >= 300:
            raise ProtocolError(f"upload refused: HTTP {put.status_code} {put.text[:80]}")
        state = widgets.uploaded(element, [(name, len(data), urls)])
        self.values[state.id] = state
        run = await self._rerun(page_hash=self.page_hash, states=self._states(changed=state))
        run.seconds = time.perf_counter() - start
        return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.http is not None:
            await self.http.aclose()

    @property
    def retried(self) -> int:
        """HTTP requests sent again after a kept-alive connection closed under them."""
        return self.http.retried if self.http is not None else 0

    def _states(self, *, changed=None, paths=None) -> list:
        """The values of the widgets on screen (of those at `paths` only, when given), `changed` among them."""
        out = []
        for path, element in sorted(self.last.elements.items()):
            wid = getattr(getattr(element, element.WhichOneof("type")), "id", "")
            if paths is not None and path not in paths:
                continue
            if changed is not None and wid == changed.id:
                out.append(changed)
            elif wid in self.values:
                out.append(self.values[wid])
        return out

    async def _rerun(self, *, page_hash: str, states: list, page_name: str = "") -> Run:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string, client.page_script_hash, client.page_name = self.query, page_hash, page_name
        client.widget_states.widgets.extend(states)
        client.cached_message_hashes.extend(self.cache)
        info = client.context_info
        info.timezone, info.timezone_offset, info.locale = "Europe/London", 0, "en-GB"
        info.url, info.color_scheme = self.base + self.path, "light"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = await self._until_finished()
        run.seconds = time.perf_counter() - start
        self.last = run
        for element in run.elements.values():
            state = widgets.initial(element)
            if state is not None and (
                state.id not in self.values or getattr(element, element.WhichOneof("type")).set_value
            ):
                self.values[state.id] = state
        if run.errors:
            raise ProtocolError("; ".join(run.errors))
        return run

    async def _until_finished(self) -> Run:
        run, started = Run(), False
        async with asyncio.timeout(self.timeout):
            while True:
                msg = self._parse(await self.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    run, started = Run(), True
                elif kind == "script_finished" and started and msg.script_finished != DONE.FINISHED_EARLY_FOR_RERUN:
                    return run
                self._handle(msg, run)

    @staticmethod
    def _parse(raw: bytes) -> ForwardMsg:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        return msg

    def _handle(self, msg: ForwardMsg, run: Run) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache[msg.ref_hash]
            cached.metadata.CopyFrom(msg.metadata)
            msg, kind = cached, "delta"
        if kind == "delta":
            if msg.metadata.cacheable:
                self.cache[msg.hash] = msg
            path = tuple(msg.metadata.delta_path)
            run.scripts[path] = msg.metadata.active_script_hash
            if msg.delta.WhichOneof("type") == "new_element":
                run.elements[path] = element = msg.delta.new_element
                if element.WhichOneof("type") == "exception":
                    run.errors.append(f"{element.exception.type}: {element.exception.message}"[:160])
        elif kind == "new_session":
            self.main_hash = msg.new_session.main_script_hash
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            run.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "file_urls_response":
            self._pending[msg.file_urls_response.response_id] = msg.file_urls_response
