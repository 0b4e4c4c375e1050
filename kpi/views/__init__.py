"""What a page or an export shows: trend, benchmark, profile, narrative, methods, citations and URL state, as small
result objects. May import kpi.calc, kpi.officers, kpi.data and kpi.core."""
