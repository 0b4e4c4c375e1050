"""Number formatting shared by charts, tables and narrative text."""
from __future__ import annotations

from kpi.formatting import format_value  # noqa: F401  (re-exported for chart modules)


def tick_format(unit_label: str) -> tuple[str, str]:
    """(tickprefix, tickformat) for a plotly axis."""
    label = unit_label.lower()
    if label.startswith("index"):
        return "", ",.0f"
    if label.startswith("£"):
        return "£", "~s"
    if label.startswith("%"):
        return "", ",.0f"
    return "", ",~s"
