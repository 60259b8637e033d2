"""The interface of a text index backend.

The index holds one row per offer with pre-analysed token text in three fields
(``title``, ``tags``, ``body``) plus the offer's folded surface words (``words``, for
the typo vocabulary). Matching is boolean: the backend answers which offers contain
all tokens of an *alternative*; scoring happens in Python (``textscore.py``) so that
both databases rank identically.
"""

# SQL is built only from table-name constants, placeholders and analyser tokens
# (checked by check_tokens); every value travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

DOC_TABLE = "catalogue_searchdoc"
STATE_TABLE = "catalogue_searchstate"


@dataclass(frozen=True)
class DocRow:
    offer_id: int
    tenant_id: int
    title: str
    tags: str
    body: str
    words: str


class TextBackend:
    vendor = ""

    # --- writing -------------------------------------------------------------------

    def delete(self, offer_ids: Sequence[int]) -> None:
        raise NotImplementedError

    def write(self, rows: Sequence[DocRow]) -> None:
        raise NotImplementedError

    def bump(self, tenant_ids: Iterable[int]) -> None:
        """Mark the tenants' search data as changed (caches compare the version)."""
        ids = sorted(set(tenant_ids))
        if not ids:
            return
        with connection.cursor() as cursor:
            for tenant_id in ids:
                cursor.execute(
                    f"UPDATE {STATE_TABLE} SET version = version + 1 WHERE tenant_id = %s",
                    [tenant_id],
                )
                if cursor.rowcount == 0:
                    cursor.execute(
                        f"INSERT INTO {STATE_TABLE} (tenant_id, version) VALUES (%s, 1)",
                        [tenant_id],
                    )

    def prune(self) -> None:
        """Drop index rows whose offer no longer exists (after a flush or a raw delete)."""
        from praevnav.catalogue.models import Offer

        offers = Offer._meta.db_table
        stale = f"SELECT offer_id FROM {DOC_TABLE} WHERE offer_id NOT IN (SELECT id FROM {offers})"
        with connection.cursor() as cursor:
            cursor.execute(stale)
            ids = [row[0] for row in cursor.fetchall()]
        if ids:
            self.delete(ids)

    def optimise(self) -> None:
        """Refresh the database's statistics after a large rewrite (optional)."""

    # --- reading -------------------------------------------------------------------

    def version(self, tenant_ids: Sequence[int]) -> int:
        placeholders = ", ".join(["%s"] * len(tenant_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE(SUM(version), 0) FROM {STATE_TABLE} "
                f"WHERE tenant_id IN ({placeholders})",
                list(tenant_ids),
            )
            return int(cursor.fetchone()[0])

    def fields(self, tenant_ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
        """``(offer_id, title, tags, words)`` of every indexed offer of the tenants."""
        placeholders = ", ".join(["%s"] * len(tenant_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT offer_id, title, tags, words FROM {DOC_TABLE} "
                f"WHERE tenant_id IN ({placeholders})",
                list(tenant_ids),
            )
            return cursor.fetchall()

    def indexed_ids(self, tenant_ids: Sequence[int]) -> set[int]:
        placeholders = ", ".join(["%s"] * len(tenant_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT offer_id FROM {DOC_TABLE} WHERE tenant_id IN ({placeholders})",
                list(tenant_ids),
            )
            return {row[0] for row in cursor.fetchall()}

    def match(
        self, alternatives: Sequence[tuple[str, ...]], tenant_ids: Sequence[int]
    ) -> list[tuple[int, int]]:
        """``(offer_id, alternative index)`` for every offer containing all tokens of
        an alternative, in one statement. Tokens are ``[a-z0-9]+``."""
        raise NotImplementedError


def check_tokens(tokens: Iterable[str]) -> list[str]:
    """Tokens are made by the analyser; refuse anything else before it reaches SQL."""
    out = []
    for token in tokens:
        if not token or not token.isascii() or not token.isalnum():
            raise ValueError(f"not an index token: {token!r}")
        out.append(token.lower())
    return out
