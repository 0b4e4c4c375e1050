"""Report files made from kpi's descriptions: the evidence pack as Word (python-docx) and as tagged PDF
(WeasyPrint, PDF/UA), with its charts from charts/export.py's one exporter. May import kpi and charts; never
streamlit, ui, loaders or the network. `python -m reports pack ...` (also `python -m kpi pack ...`)."""
