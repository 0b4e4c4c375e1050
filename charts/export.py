"""Static PNG and SVG exports of the house figures, rendered by kaleido in a headless Chromium.

One kaleido server per process (its browser takes seconds to start, then renders in well under a second). The
shared server is not safe to call from several threads at once (sessions run in threads), so every export goes
through one lock. MathJax is off (it would be fetched from a CDN). Without a browser the exporter says why.
"""

from __future__ import annotations

import copy
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import plotly.graph_objects as go

from charts.theme import apply_house_style

WIDTH, HEIGHT, SCALE = 1600, 900, 2
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
TIMEOUT_S = 60.0


class ExportUnavailable(RuntimeError):
    """Images cannot be made here; the message says why, for the person who clicked."""


def find_browser() -> str | None:
    """The Chromium kaleido would use (BROWSER_PATH, then the PATH and the usual places), or None."""
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return None
    try:
        return Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - a failed search means no browser, which we then explain
        return None


def export_figure(fig: go.Figure, *, width: int = WIDTH, height: int = HEIGHT) -> go.Figure:
    """A copy sized for a report page, with the house template set on the figure itself.

    Title, subtitle and the note (latest figures, source, release, retrieved) are part of every house figure's
    layout, so they are baked in.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    apply_house_style(out)
    out.update_layout(width=width, height=height)
    return out


@dataclass
class Exporter:
    """Renders figures one at a time through a kaleido server started on first use."""

    browser: str | None = None
    _started: bool = False
    _broken: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido-call")
        if self.browser is None:
            self.browser = find_browser()

    @property
    def unavailable_reason(self) -> str:
        if self._broken:
            return self._broken
        if not self.browser:
            return (
                "Images cannot be made on this server: no Chromium browser was found (install Debian's "
                "chromium package, or set BROWSER_PATH). Use “Download data (CSV)” or print the page instead."
            )
        return ""

    def _start(self) -> None:
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        self._started = True

    def render(
        self, fig: go.Figure, fmt: str = "png", *, width: int = WIDTH, height: int = HEIGHT, scale: int = SCALE
    ) -> bytes:
        return self.render_many([fig], fmt, width=width, height=height, scale=scale)[0]

    def render_many(
        self,
        figs: list[go.Figure],
        fmt: str = "png",
        *,
        width: int = WIDTH,
        height: int = HEIGHT,
        scale: int = SCALE,
        done: Callable[[int], None] | None = None,
    ) -> list[bytes]:
        """Several images in one turn of the lock (a report's charts), in order; `done(i)` after each."""
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        if reason := self.unavailable_reason:
            raise ExportUnavailable(reason)
        figures = [export_figure(fig, width=width, height=height) for fig in figs]
        opts = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
        images = []
        with self._lock:
            if not self._started:
                self._start()
            for i, figure in enumerate(figures):
                images.append(self._one(figure, opts))
                if done:
                    done(i)
        return images

    def _one(self, figure: go.Figure, opts: dict) -> bytes:
        """One image; the caller holds the lock."""
        import kaleido

        future = self._pool.submit(self._call, kaleido, figure, opts)
        try:
            data = future.result(timeout=TIMEOUT_S)
        except FutureTimeout:
            self._broken = (
                "Image export stopped responding; restart the dashboard to make images again. "
                "“Download data (CSV)” still works."
            )
            raise ExportUnavailable(self._broken) from None
        except ExportUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many kinds; explain them all
            raise ExportUnavailable(f"The image could not be made ({type(exc).__name__}: {exc}).") from exc
        return data.encode("utf-8") if isinstance(data, str) else data

    @staticmethod
    def _call(kaleido, figure: go.Figure, opts: dict) -> bytes:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            return kaleido.calc_fig_sync(figure, opts=opts)
