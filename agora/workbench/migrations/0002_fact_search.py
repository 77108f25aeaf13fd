"""Full-text search of facts: an FTS5 table on SQLite, a French GIN index on PostgreSQL
(the `french_unaccent` configuration comes from conversations' migration 0002)."""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS fact_search_fr ON workbench_fact USING gin "
    "((setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(question, '')), 'A') || "
    "setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(answer, '')), 'B')))"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS workbench_fact_fts USING fts5("
            "community_id UNINDEXED, question, answer, tags, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS workbench_fact_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS fact_search_fr")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial"), ("conversations", "0002_search_index")]
    operations = [migrations.RunPython(create, drop)]
