"""Calculation: measures (per head, real terms, index, change), the toggles each can take, comparator groups and
reorganisation options (options/), as pure functions of frames. May import kpi.model, kpi.storage and kpi.core."""
