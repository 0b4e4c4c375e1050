"""What the version histories of officers' files share (council-supplied figures, action plans): the columns they
list, in order, and which versions can be restored."""

from __future__ import annotations

import pandas as pd

from kpi.core.versions import CHANGE_COLUMNS, VERSION_COLUMNS

HISTORY_COLUMNS = [*VERSION_COLUMNS, "sha256", *CHANGE_COLUMNS]  # an upload's history lists its file's SHA-256


def restorable(versions: pd.DataFrame, current: int) -> tuple[int, ...]:
    """Every version listed but the current one, as listed: the versions an officer may restore."""
    return tuple(int(v) for v in versions["version_id"] if int(v) != current)
