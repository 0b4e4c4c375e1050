"""The element floor's shell, as dashboard.py's: page config, the same navigation (titles and paths), then the
recorded sidebar and notices, then the page. `KPI_ELEMENT_FLOOR_DIR` names the recordings (bench/element_floor/
recorded by default, written by the bench's pages section)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from bench.element_floor import replay  # noqa: E402

st.set_page_config(page_title="Element floor", page_icon=":material/monitoring:", layout="wide")
pages = {
    slug: st.Page(f"drawn/{slug}.py", title=title, url_path=slug, default=slug == "profile")
    for slug, title in replay.PAGES.items()
}
replay.NAV.update(pages)
current = st.navigation(list(pages.values()))
replay.shell(current.url_path or "profile")
current.run()
