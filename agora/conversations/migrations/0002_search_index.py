"""Full-text search structures: an FTS5 table on SQLite, a French GIN index on PostgreSQL."""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS post_search_fr ON conversations_post USING gin "
    "((setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('french'::regconfig, COALESCE(body, '')), 'B')))"
)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS conversations_post_fts USING fts5("
            "community_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS conversations_post_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS post_search_fr")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
