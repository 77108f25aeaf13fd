"""Searching the knowledge base (question, then answer; tags too on SQLite), through
`core.search`.

Suggestions for a question match *any* of its longer words (a question rarely repeats a
fact's wording), ranked so that facts sharing the rarest words come first. The services
keep SQLite's FTS5 table (`workbench_fact_fts`, created by migration 0002) in the fact's
transaction.
"""

from __future__ import annotations

from agora.core import search

from .models import Fact

FACTS = search.FullText(
    fts_table="workbench_fact_fts",
    fts_columns=("question", "answer", "tags"),
    pg_fields=("question", "answer"),
)


def index_fact(fact: Fact) -> None:
    FACTS.put(
        pk=fact.pk,
        community_id=fact.community_id,
        values=(fact.question, fact.answer, " ".join(fact.tags)),
    )


def unindex_fact(pk: int) -> None:
    FACTS.drop(pk=pk)


def search_facts(queryset, community, text: str, *, any_word: bool, limit: int = 20):
    """Facts of `queryset` in `community` matching the words of `text`, best first."""
    found = search.words(text, shortest=3, limit=24, digits=False)
    return FACTS.search(
        queryset, community_id=community.pk, found=found, any_word=any_word, limit=limit
    )
