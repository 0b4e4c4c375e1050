"""The data command line, `python -m kpi ...`: CSV (or text) on standard output. May import every other room."""
