"""Streamlit glue shared by the pages: the one caching boundary, URL state and shared controls."""
