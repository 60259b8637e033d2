"""PostgreSQL backend: a ``tsvector`` ('simple' configuration, so the pre-analysed tokens
stay as they are and both databases match identically) in the narrow table
``catalogue_searchtsv`` with a GIN index; the token text lives in ``catalogue_searchdoc``."""

# SQL is built only from table-name constants, placeholders and analyser tokens
# (checked by check_tokens); every value travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from praevnav.catalogue.search.backends.base import DOC_TABLE, DocRow, TextBackend, check_tokens

TSV_TABLE = "catalogue_searchtsv"


class PostgresBackend(TextBackend):
    vendor = "postgresql"

    def delete(self, offer_ids: Sequence[int]) -> None:
        ids = list(offer_ids)
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE offer_id = ANY(%s)", [ids])
            cursor.execute(f"DELETE FROM {TSV_TABLE} WHERE offer_id = ANY(%s)", [ids])

    def write(self, rows: Sequence[DocRow]) -> None:
        self.delete([r.offer_id for r in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOC_TABLE} (offer_id, tenant_id, title, tags, body, words) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(r.offer_id, r.tenant_id, r.title, r.tags, r.body, r.words) for r in rows],
            )
            cursor.executemany(
                f"INSERT INTO {TSV_TABLE} (offer_id, tsv) VALUES (%s, to_tsvector('simple', %s))",
                [(r.offer_id, f"{r.title} {r.tags} {r.body}") for r in rows],
            )

    def optimise(self) -> None:
        """Refresh the planner statistics after a large rewrite (inside a transaction:
        ANALYZE only; ``search-reindex`` also vacuums)."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOC_TABLE}")
            cursor.execute(f"ANALYZE {TSV_TABLE}")

    def match(self, alternatives, tenant_ids):
        if not alternatives:
            return []
        # No tenant condition: a pure GIN lookup is fastest; rows of other tenants
        # are dropped by the in-memory index (as on SQLite).
        parts, args = [], []
        for i, tokens in enumerate(alternatives):
            expr = " & ".join(f"'{t}'" for t in check_tokens(tokens))
            parts.append(f"SELECT offer_id, {int(i)} FROM {TSV_TABLE} WHERE tsv @@ %s::tsquery")
            args.append(expr)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), args)
            return cursor.fetchall()
