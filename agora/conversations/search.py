"""Full-text search of posts: PostgreSQL's French configuration (accents ignored), or SQLite's FTS5.

SQLite keeps a separate FTS5 table (conversations_post_fts, rowid = post id) that the
services update in the same transaction as the post.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

WORD_RE = re.compile(r"\w+", re.UNICODE)
# French stemming and stop words, accents ignored (created by migration 0002).
PG_CONFIG = "french_unaccent"


def _words(query: str) -> list[str]:
    return WORD_RE.findall(query or "")[:12]


def index_post(post) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM conversations_post_fts WHERE rowid = %s", [post.pk])
        if post.is_visible:
            cursor.execute(
                "INSERT INTO conversations_post_fts (rowid, community_id, title, body) "
                "VALUES (%s, %s, %s, %s)",
                [post.pk, post.community_id, post.title, post.body],
            )


def search_posts(queryset, community, query: str):
    """Posts of `queryset` in `community` matching every word of `query`, best first."""
    words = _words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config=PG_CONFIG) + SearchVector(
            "body", weight="B", config=PG_CONFIG
        )
        search = SearchQuery(" ".join(words), config=PG_CONFIG, search_type="plain")
        return (
            queryset.filter(community=community)
            .annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-id")
        )
    match = " ".join(f'"{word}"' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM conversations_post_fts "
            "WHERE conversations_post_fts MATCH %s AND community_id = %s ORDER BY rank LIMIT 200",
            [match, community.pk],
        )
        ids = [row[0] for row in cursor.fetchall()]
    order = {pk: index for index, pk in enumerate(ids)}
    posts = list(queryset.filter(community=community, pk__in=ids))
    posts.sort(key=lambda p: order[p.pk])
    return posts
