"""Full-text search, French-aware, on either database: one home for every searched model
(posts, the knowledge base's facts).

SQLite: each searched model has an FTS5 table (`rowid` = the row's id, a community column,
then its text columns, accents folded by the `unicode61` tokenizer) that its services keep
in the row's own transaction (`put`, `drop`). PostgreSQL: the `french_unaccent`
configuration (French stemming and stop words, accents removed first; created by
conversations' migration 0002) over the model's weighted fields, and a GIN index on the
very same expression, created by the model's migration, so that the index serves the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

PG_CONFIG = "french_unaccent"
WORD_RE = re.compile(r"\w+", re.UNICODE)
INDEXES: list[FullText] = []  # every searched model's, as declared


def words(text: str, *, shortest: int = 1, limit: int = 12, digits: bool = True) -> list[str]:
    """The distinct words of a text to search for, in order (case-insensitively distinct)."""
    seen, found = set(), []
    for word in WORD_RE.findall(text or ""):
        key = word.casefold()
        if len(word) < shortest or key in seen or (not digits and key.isdigit()):
            continue
        seen.add(key)
        found.append(word)
    return found[:limit]


@dataclass(frozen=True)
class FullText:
    """How one model is searched.

    `fts_table` and `fts_columns` (after `community_id`) are its SQLite FTS5 table;
    `pg_fields` its text fields on PostgreSQL, most important first (weights A, B, …).
    """

    fts_table: str
    fts_columns: tuple[str, ...]
    pg_fields: tuple[str, ...]

    def __post_init__(self):
        INDEXES.append(self)

    def put(self, *, pk: int, community_id: int, values: tuple[str, ...]) -> None:
        """(Re)index one row on SQLite, `values` in `fts_columns` order; PostgreSQL reads
        the table itself."""
        if connection.vendor != "sqlite":
            return
        columns = ", ".join(("rowid", "community_id", *self.fts_columns))
        marks = ", ".join(["%s"] * (2 + len(values)))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.fts_table} WHERE rowid = %s", [pk])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {self.fts_table} ({columns}) VALUES ({marks})",  # noqa: S608
                [pk, community_id, *values],
            )

    def drop(self, *, pk: int) -> None:
        """Take one row out of the SQLite index (deleted, or no longer shown)."""
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {self.fts_table} WHERE rowid = %s", [pk])  # noqa: S608

    def search(self, queryset, *, community_id: int, found: list[str], any_word: bool, limit: int):
        """Rows of `queryset` in the community matching every word of `found` (or any of
        them with `any_word`), best first, at most `limit`."""
        if not found:
            return []
        queryset = queryset.filter(community_id=community_id)
        if connection.vendor == "postgresql":
            vector = SearchVector(self.pg_fields[0], weight="A", config=PG_CONFIG)
            for field, weight in zip(self.pg_fields[1:], "BCD", strict=False):
                vector += SearchVector(field, weight=weight, config=PG_CONFIG)
            joiner = " or " if any_word else " "
            query = SearchQuery(joiner.join(found), config=PG_CONFIG, search_type="websearch")
            return list(
                queryset.annotate(document=vector, rank=SearchRank(vector, query))
                .filter(document=query)
                .order_by("-rank", "-id")[:limit]
            )
        match = (" OR " if any_word else " ").join(f'"{word}"' for word in found)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s "  # noqa: S608
                "AND community_id = %s ORDER BY rank LIMIT %s",
                [match, community_id, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        order = {pk: index for index, pk in enumerate(ids)}
        rows = list(queryset.filter(pk__in=ids))
        rows.sort(key=lambda row: order[row.pk])
        return rows
