"""Text index backends: one per database, the same interface (``base.TextBackend``)."""

from __future__ import annotations

from django.db import connection

from praevnav.catalogue.search.backends.base import TextBackend


def get_backend() -> TextBackend:
    """The backend of the default database."""
    if connection.vendor == "postgresql":
        from praevnav.catalogue.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from praevnav.catalogue.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
