"""The search index: plain tables written by ``praevnav.catalogue.search.indexing``.

Not models (the rows are derived data, read and written with SQL by the backends):
``catalogue_searchdoc`` holds the pre-analysed tokens per offer, ``catalogue_searchstate``
a version per tenant that in-memory caches compare. SQLite adds an FTS5 table,
PostgreSQL a ``tsvector`` column with a GIN index.
"""

from django.db import migrations

SQLITE = [
    """CREATE TABLE catalogue_searchdoc (
        offer_id INTEGER PRIMARY KEY,
        tenant_id INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        words TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX catalogue_searchdoc_tenant ON catalogue_searchdoc (tenant_id)",
    """CREATE VIRTUAL TABLE catalogue_searchfts USING fts5(
        title, tags, body, tokenize = 'unicode61 remove_diacritics 0', detail = 'none'
    )""",
    """CREATE TABLE catalogue_searchstate (
        tenant_id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL DEFAULT 0
    )""",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS catalogue_searchfts",
    "DROP TABLE IF EXISTS catalogue_searchdoc",
    "DROP TABLE IF EXISTS catalogue_searchstate",
]
POSTGRES = [
    """CREATE TABLE catalogue_searchdoc (
        offer_id bigint PRIMARY KEY,
        tenant_id bigint NOT NULL,
        title text NOT NULL DEFAULT '',
        tags text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        words text NOT NULL DEFAULT '',
        tsv tsvector NOT NULL
    )""",
    "CREATE INDEX catalogue_searchdoc_tenant ON catalogue_searchdoc (tenant_id)",
    "CREATE INDEX catalogue_searchdoc_tsv ON catalogue_searchdoc USING gin (tsv)",
    """CREATE TABLE catalogue_searchstate (
        tenant_id bigint PRIMARY KEY,
        version bigint NOT NULL DEFAULT 0
    )""",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS catalogue_searchdoc",
    "DROP TABLE IF EXISTS catalogue_searchstate",
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_navigator")]

    operations = [migrations.RunPython(create, drop)]
