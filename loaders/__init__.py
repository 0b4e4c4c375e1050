"""Readers that bring each source into the tidy schema (kpi.core.schema), and the commands that apply them.

One module per source (ons_population, ons_gdp_deflator, revenue_outturn, council_tax, borrowing,
core_spending_power, qpses, nearest_neighbours): build_request (pure) -> fetch(session, request) -> parse(bytes) ->
normalise(parsed, areas) -> tidy frame, plus sniff(content, filename) so `import` recognises a file. Shared:
http.py (the one session factory), govuk.py (content API discovery), registry.py (reviewed addresses), tables.py
(finding tables by label), pipeline.py (merge, diff, atomic write, rollback), bundled.py and snapshot.py (the build).
Nothing here imports streamlit (tests/test_layers.py).
"""
