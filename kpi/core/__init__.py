"""Vocabulary: the schema, financial years, catalogues, classes of functions, formatting and provenance. Imports nothing
else from kpi."""
