"""Readers that bring each source into the tidy schema (kpi.schema).

One module per source: parse(bytes or path) -> raw frame, normalise(raw) -> tidy observations.
Nothing here imports streamlit (tests/test_layers.py).
"""
