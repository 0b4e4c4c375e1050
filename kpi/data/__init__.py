"""Storage: the official snapshot and its series, derived ratios, reorganised councils' history (predecessors
combined), source status, the writable database. May import kpi.core only."""
