"""Vocabulary: the schema, financial years, catalogues, formatting and provenance. Imports nothing else from kpi."""
