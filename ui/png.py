"""Static PNG export through kaleido and Debian's Chromium, serialised: kaleido's shared server is not
thread-safe (sessions run in threads of one process), so one lock guards every export."""
from __future__ import annotations

import threading
import warnings

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _server() -> bool:
    import kaleido
    pio.defaults.mathjax = None          # MathJax would be fetched from a CDN: offline that hangs
    kaleido.start_sync_server(silence_warnings=True)
    return True


def figure_png(fig: go.Figure, *, width: int = 1600, height: int = 900) -> tuple[bytes | None, str]:
    """(PNG bytes, "") or (None, why not) when no browser is available for kaleido."""
    try:
        with _LOCK:
            _server()
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                return fig.to_image(format="png", width=width, height=height, scale=1), ""
    except Exception as exc:  # kaleido reports a missing Chromium in several ways; explain, never crash the page
        return None, ("A PNG cannot be made on this server: the export needs Chromium (Debian package `chromium`), "
                      f"which kaleido could not start ({exc.__class__.__name__}). Use the CSV export or the "
                      "chart's camera button instead.")
