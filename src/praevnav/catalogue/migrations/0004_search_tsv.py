"""PostgreSQL: the ``tsvector`` moves into a narrow table of its own.

Frequent words make the planner scan the whole index table; with the text columns in
the same rows that scan read six times more pages. SQLite is unchanged (its FTS5
table is separate already).
"""

from django.db import migrations

FORWARD = [
    """CREATE TABLE catalogue_searchtsv (
        offer_id bigint PRIMARY KEY,
        tsv tsvector NOT NULL
    )""",
    "INSERT INTO catalogue_searchtsv (offer_id, tsv) SELECT offer_id, tsv FROM catalogue_searchdoc",
    "CREATE INDEX catalogue_searchtsv_tsv ON catalogue_searchtsv USING gin (tsv)",
    "ALTER TABLE catalogue_searchdoc DROP COLUMN tsv",
]
BACKWARD = [
    "ALTER TABLE catalogue_searchdoc ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    """UPDATE catalogue_searchdoc d SET tsv = t.tsv FROM catalogue_searchtsv t
       WHERE t.offer_id = d.offer_id""",
    "CREATE INDEX catalogue_searchdoc_tsv ON catalogue_searchdoc USING gin (tsv)",
    "DROP TABLE catalogue_searchtsv",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_search_index")]

    operations = [migrations.RunPython(forward, backward)]
