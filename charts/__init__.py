"""Plotly figures in the Government Analysis Function style. Nothing here imports streamlit."""
