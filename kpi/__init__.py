"""The domain, in rooms by role; nothing here imports streamlit, requests or plotly.

  core/      vocabulary: schema, financial years, catalogues, formatting, provenance, names, safe CSV
  data/      storage: the snapshot store, series, derived ratios, reorganised councils, source status, the database
  calc/      measures and comparators: pure functions of frames
  views/     what a page or an export shows: trend, benchmark, profile, narrative, methods, citations, URL state
  officers/  officers' input: reading their files, uploads, action plans, the allow-list
  cli/       the data command line (python -m kpi)

Imports point down only: cli -> views -> calc | officers -> data -> core (pyproject.toml [tool.importlinter]).
"""
