"""Full-text search structures: an FTS5 table on SQLite, a French GIN index on PostgreSQL.

On PostgreSQL, `french_unaccent` is the French configuration (stemming, stop words) with
accents removed first, so "cafetiere" finds "Cafetière" as FTS5's tokenizer does on SQLite.
"""

from django.db import migrations

PG_CONFIG = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DO $$ BEGIN "
    "CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french); "
    "EXCEPTION WHEN unique_violation THEN NULL; END $$",
    "ALTER TEXT SEARCH CONFIGURATION french_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
]
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS post_search_fr ON conversations_post USING gin "
    "((setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(body, '')), 'B')))"
)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS conversations_post_fts USING fts5("
            "community_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif connection.vendor == "postgresql":
        for statement in PG_CONFIG:
            schema_editor.execute(statement)
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS conversations_post_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS post_search_fr")
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
