"""Storage: the official snapshot's versions (files or PostgreSQL) and the in-memory store, series, derived ratios,
source status, the writable database. May import kpi.core only."""
