"""The dashboard's pages, declared once per process: st.Page resolves and checks each script's path, which every run
would otherwise pay for again. Each run navigates over copies of them, because st.navigation marks the page it
returns as the one that run may call, and two sessions' runs can overlap."""

from __future__ import annotations

import copy

import streamlit as st

# (script, title, icon, URL path); the first is the default page.
PAGES = (
    ("pages/explore/profile.py", "Council profile", ":material/account_balance:", "profile"),
    ("pages/explore/trends.py", "Trends", ":material/show_chart:", "trends"),
    ("pages/explore/benchmark.py", "Benchmark", ":material/scatter_plot:", "benchmark"),
    ("pages/explore/reorganisation.py", "Reorganisation", ":material/account_tree:", "reorganisation"),
    ("pages/explore/pack.py", "Report pack", ":material/description:", "pack"),
    ("pages/about/methods.py", "Data and methods", ":material/menu_book:", "methods"),
    ("pages/officers/figures.py", "Upload figures", ":material/upload_file:", "upload"),
    ("pages/officers/plans.py", "Action plans", ":material/checklist:", "actions"),
    ("pages/admin/sources.py", "Data sources", ":material/database:", "sources"),
)
_declared: tuple[st.Page, ...] = ()


def pages() -> list[st.Page]:
    """This run's pages for st.navigation."""
    global _declared
    if not _declared:  # two first runs at once each declare them; either result is the same
        _declared = tuple(
            st.Page(script, title=title, icon=icon, url_path=url, default=i == 0)
            for i, (script, title, icon, url) in enumerate(PAGES)
        )
    return [copy.copy(page) for page in _declared]
