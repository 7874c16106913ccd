"""Renderers: results and diagnostics to text, Markdown, JSON and CI formats."""
