"""Where the data lives on disk: the snapshot folder and the writable database's default file."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_DB = DEFAULT_DATA_DIR / "local" / "kpi.sqlite"


def data_dir() -> Path:
    """The snapshot folder: $KPI_DATA_DIR, else the bundled data/."""
    return Path(os.environ.get("KPI_DATA_DIR", DEFAULT_DATA_DIR))
