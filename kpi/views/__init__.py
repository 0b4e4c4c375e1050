"""What a page or an export shows: trend, benchmark, profile, narrative, methods, citations and URL state, as small
result objects; pack/ is the evidence pack. May import kpi.calc, kpi.officers, kpi.model, kpi.storage and kpi.core."""
