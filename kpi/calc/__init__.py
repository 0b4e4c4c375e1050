"""Calculation: measures (per head, real terms, index, change) and comparator groups, as pure functions of frames.
May import kpi.model, kpi.storage and kpi.core."""
