"""Pure domain code: schema, catalogues, financial years, measures, comparators and the store.

Nothing in this package imports streamlit or requests (tests/test_layers.py enforces it).
"""
