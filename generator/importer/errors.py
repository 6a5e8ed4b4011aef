"""The importer's one error: the file cannot be read as a report."""

from __future__ import annotations


class SourceError(Exception):
    """The file cannot be read as a report (its message is for the user)."""
