"""Vocabulary: the schema, financial years, catalogues, classes of functions, formatting, provenance and version
histories. Imports nothing else from kpi."""
