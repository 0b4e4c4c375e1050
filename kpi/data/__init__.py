"""Storage: the official snapshot's versions (files or PostgreSQL) and the in-memory store, its series, derived
ratios, reorganised councils' history (predecessors combined), source status, the writable database. May import
kpi.core only."""
