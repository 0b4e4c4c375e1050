"""Calculation: measures (per head, real terms, index, change), the toggles each can take, and comparator groups,
as pure functions of frames. May import kpi.model, kpi.storage and kpi.core."""
