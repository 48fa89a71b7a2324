"""Narratives: documents grouped by what they say, kept stable as new documents arrive."""
