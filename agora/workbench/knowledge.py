"""Searching the knowledge base: PostgreSQL's French configuration or SQLite's FTS5.

Suggestions for a question match *any* of its longer words (a question rarely repeats a
fact's wording), ranked so that facts sharing the rarest words come first.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection

from agora.conversations.search import PG_CONFIG

from .models import Fact

WORD_RE = re.compile(r"\w{3,}", re.UNICODE)


def words(text: str, *, limit: int = 24) -> list[str]:
    seen, found = set(), []
    for word in WORD_RE.findall(text or ""):
        key = word.casefold()
        if key not in seen and not key.isdigit():
            seen.add(key)
            found.append(word)
    return found[:limit]


def index_fact(fact: Fact) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workbench_fact_fts WHERE rowid = %s", [fact.pk])
        cursor.execute(
            "INSERT INTO workbench_fact_fts (rowid, community_id, question, answer, tags) "
            "VALUES (%s, %s, %s, %s, %s)",
            [fact.pk, fact.community_id, fact.question, fact.answer, " ".join(fact.tags)],
        )


def unindex_fact(pk: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM workbench_fact_fts WHERE rowid = %s", [pk])


def search_facts(queryset, community, text: str, *, any_word: bool, limit: int = 20):
    """Facts of `queryset` in `community` matching the words of `text`, best first."""
    found = words(text)
    if not found:
        return []
    if connection.vendor == "postgresql":
        vector = SearchVector("question", weight="A", config=PG_CONFIG) + SearchVector(
            "answer", weight="B", config=PG_CONFIG
        )
        joiner = " or " if any_word else " "
        query = SearchQuery(joiner.join(found), config=PG_CONFIG, search_type="websearch")
        return list(
            queryset.filter(community=community)
            .annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "-id")[:limit]
        )
    match = (" OR " if any_word else " ").join(f'"{w}"' for w in found)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM workbench_fact_fts WHERE workbench_fact_fts MATCH %s "
            "AND community_id = %s ORDER BY rank LIMIT %s",
            [match, community.pk, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    order = {pk: index for index, pk in enumerate(ids)}
    facts = list(queryset.filter(community=community, pk__in=ids))
    facts.sort(key=lambda f: order[f.pk])
    return facts
