"""The source status log in files: each source's last refresh or import attempt (data/local/source_status.json).

The shared database keeps the same entries in its snapshot_status table (kpi.storage.snapshot_tables)."""

from __future__ import annotations

import json
from pathlib import Path

STATUS_FILE = Path("local") / "source_status.json"


def read_log(data_dir: Path) -> dict:
    path = Path(data_dir) / STATUS_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
