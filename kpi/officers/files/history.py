"""What the version histories of officers' files share (council-supplied figures, action plans): the columns they
list, in order, and which versions can be restored."""

from __future__ import annotations

import pandas as pd

HISTORY_COLUMNS = [
    "version_id",
    "kind",
    "created_at",
    "created_by",
    "file_name",
    "sha256",
    "rows_added",
    "rows_changed",
    "rows_total",
    "restores_version",
]


def restorable(versions: pd.DataFrame, current: int) -> tuple[int, ...]:
    """Every version listed but the current one, as listed: the versions an officer may restore."""
    return tuple(int(v) for v in versions["version_id"] if int(v) != current)
