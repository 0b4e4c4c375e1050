"""The domain, in rooms by role; nothing here imports streamlit, requests or plotly.

  core/       vocabulary: schema, financial years, catalogues, formatting, provenance, names, safe CSV
  storage/    where things are kept: the snapshot's versions (files or PostgreSQL), the writable database and its
              repositories of council-supplied figures and action plans, the source status log, locks
  model/      the in-memory model of one snapshot version: the store, series, derived ratios, reorganised
              councils, source status
  calc/       measures and comparators: pure functions of frames
  officers/   officers' input: files/ (reading what they send), figures/ (council-supplied figures), plans/
              (action plans), access (the allow-list)
  views/      what a page or an export shows: trend, benchmark, profile, narrative, methods, citations, URL state,
              and pack/ (the evidence pack)
  cli/        the data command line (python -m kpi)

Imports point down only: cli -> views -> calc | officers -> model -> storage -> core (pyproject.toml
[tool.importlinter]; docs/decisions/0014).
"""
