"""The in-memory model of one snapshot version, above storage: the Store (observations indexed once), preferred
series and breaks, derived ratios, reorganised councils' history (predecessors combined, a county's flows shared),
and each source's status. May import kpi.storage and kpi.core."""
