"""Start the dashboard: `python -m ui.serve [streamlit options]`, which `make run` and deployments use.

The app declares its pages with st.navigation. Streamlit decides, once per server process and before the entry
script first runs, whether a `pages/` folder beside it makes a legacy multipage app
(`PagesManager.uses_pages_directory`); left to itself it says yes, and the first visit after a start that opens a
shared link such as `/trends?area=E09000002` shows "Page not found" over the right page. Settling it here, before
the server starts, makes every visit, the first included, open its page directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ENTRY = Path(__file__).resolve().parents[1] / "dashboard.py"


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ENTRY), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
