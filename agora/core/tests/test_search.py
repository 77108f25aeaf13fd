"""Full-text search in one home (`core.search`), on SQLite's FTS5 and PostgreSQL alike:
every word or any word, accents ignored, ranked, scoped to one community, hidden rows out."""

import pytest

from agora.conversations import services as conversations
from agora.conversations.models import Post
from agora.conversations.search import search_posts
from agora.conversations.selectors import search_community
from agora.core.search import words
from agora.workbench.knowledge import search_facts
from agora.workbench.models import Fact
from agora.workbench.services.facts import delete_fact, save_fact

pytestmark = pytest.mark.django_db


def test_words_are_distinct_in_order_and_filtered():
    assert words("Café, café CAFÉ et thé !") == ["Café", "et", "thé"]
    assert words("le 2024 grand moulin", shortest=3, digits=False) == ["grand", "moulin"]
    assert words("a b c d", limit=2) == ["a", "b"]
    assert words("") == [] and words(None) == []


def test_posts_match_every_word_without_accents_in_their_community_only(
    the_community, community_factory, camille
):
    other = community_factory(founder=camille)
    wanted = conversations.write_post(
        community=the_community, author=camille, title="La cafetière", body="Une mouture fine."
    )
    conversations.write_post(
        community=the_community, author=camille, title="Cafetière", body="Rien d'autre."
    )
    conversations.write_post(
        community=other, author=camille, title="La cafetière", body="Une mouture fine."
    )
    found = search_posts(Post.objects.all(), the_community, "cafetiere MOUTURE")
    assert found == [wanted]
    assert search_posts(Post.objects.all(), the_community, "   ") == []


def test_a_hidden_post_is_found_no_more(the_community, camille):
    post = conversations.write_post(
        community=the_community, author=camille, title="Torréfaction", body="Le grain."
    )
    assert search_community(the_community, "torrefaction") == [post]
    conversations.set_moderation_state(item=post, state="hidden")
    assert search_community(the_community, "torrefaction") == []
    conversations.set_moderation_state(item=post, state="visible")
    assert search_community(the_community, "torrefaction") == [post]


def test_facts_match_any_longer_word_best_first_and_leave_when_deleted(the_community, camille):
    grind = save_fact(
        community=the_community, by=camille, question="Quelle mouture pour l'espresso ?",
        answer="Une mouture fine, presque poudre.", tags=["espresso"],
    )  # fmt: skip
    save_fact(community=the_community, by=camille, question="Horaires ?", answer="De 8 h à 19 h.")
    found = search_facts(Fact.objects.all(), the_community, "la mouture du café", any_word=True)
    assert found == [grind]
    assert search_facts(Fact.objects.all(), the_community, "mouture horaires", any_word=False) == []
    delete_fact(fact=grind, by=camille)
    assert search_facts(Fact.objects.all(), the_community, "mouture", any_word=True) == []


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_full_text_rows_behind(the_community, camille):
    """(Test support.) Committed posts leave rows in SQLite's FTS5 table, which no Django
    flush knows of: the tests' post_migrate hook empties it, or the next test's post with
    the same id would be found by the previous one's words."""
    from django.core.management import call_command
    from django.db import connection

    conversations.write_post(
        community=the_community, author=camille, title="Torréfaction", body="Le grain."
    )
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM conversations_post_fts")
            assert cursor.fetchone()[0] == 0
