"""SQLite backend: an FTS5 table over the pre-analysed tokens (rowid = offer id)."""

# SQL is built only from table-name constants, placeholders and analyser tokens
# (checked by check_tokens); every value travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from praevnav.catalogue.search.backends.base import DOC_TABLE, DocRow, TextBackend, check_tokens

FTS_TABLE = "catalogue_searchfts"
CHUNK = 500


class SqliteBackend(TextBackend):
    vendor = "sqlite"

    def delete(self, offer_ids: Sequence[int]) -> None:
        ids = list(offer_ids)
        with connection.cursor() as cursor:
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE offer_id IN ({marks})", chunk)

    def write(self, rows: Sequence[DocRow]) -> None:
        self.delete([r.offer_id for r in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOC_TABLE} (offer_id, tenant_id, title, tags, body, words) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(r.offer_id, r.tenant_id, r.title, r.tags, r.body, r.words) for r in rows],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, tags, body) VALUES (%s, %s, %s, %s)",
                [(r.offer_id, r.title, r.tags, r.body) for r in rows],
            )

    def match(self, alternatives, tenant_ids):
        if not alternatives:
            return []
        parts, args = [], []
        for i, tokens in enumerate(alternatives):
            expr = " AND ".join(f'"{t}"' for t in check_tokens(tokens))
            # The alternative's number is a literal int made here, not user input.
            parts.append(f"SELECT rowid, {int(i)} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s")
            args.append(expr)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), args)
            return cursor.fetchall()
