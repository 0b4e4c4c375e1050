"""Readers that bring each source into the tidy schema (kpi.core.schema), and the commands that apply them.

sources/ holds one module per official source, each declaring one Source (source.py): ids, sniff (which source a
file is, or NotThisSource saying why not), fetch, parse, normalise, and any special step declared rather than
switched on in the pipeline (ONS population's chunked Nomis fetch; the deflator and nearest-neighbour tables
replaced whole). sources.SOURCES lists them once, in the order `import` tries them.

Shared: registry.py (the reviewed addresses), http.py (the one session factory), govuk.py (content API
discovery), tables.py (finding tables by label), areas.py (the area catalogue and its lookup), base.py (Parsed,
tidy, merge). The commands: pipeline.py (read, merge, prepare and apply a new snapshot version, status log),
compare.py (what a version changes), files.py (atomic writes), bundled.py and snapshot.py (the build). Versions,
the writer lock, rollback and retention belong to the snapshot's store (kpi.storage.snapshots), files or PostgreSQL.
Nothing here imports streamlit (tests/test_layers.py).
"""
