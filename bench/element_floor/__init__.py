"""The element floor: each dashboard page drawn again from a recording of what it drew, with constant data and
Streamlit's own commands (what Streamlit costs to draw that page), beside the one-chart floor (bench/floor_app)."""
