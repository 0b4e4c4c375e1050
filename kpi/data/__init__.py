"""Storage: the official snapshot and its series, derived ratios, source status, the writable database. May import
kpi.core only."""
