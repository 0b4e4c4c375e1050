"""What the Data sources page does with the official snapshot, as plain functions the ui can call.

The ui never imports the loaders or the network itself (pyproject.toml's contracts); this package is the one way
through: recognise a downloaded release and preview what it changes (releases.py), apply it as a new version with
who, when, the file's name and SHA-256, refresh from the official addresses with progress per source
(refresh.py), list the sources and the versions and roll back (sources.py). It may import kpi and loaders, never
streamlit or plotting; the back end (files or PostgreSQL) is passed in, never opened here.
"""
