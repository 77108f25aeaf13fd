"""The knowledge base (`services/facts.py`): facts Camille keeps about the community's
products and service, reviewed and searchable."""

from datetime import date

import pytest

from agora.core.errors import InvalidInput, NotAllowed, NotFound
from agora.testing.snapshots import snapshot
from agora.workbench.knowledge import search_facts
from agora.workbench.models import Fact
from agora.workbench.services import facts


def delivery(community, by, **fields):
    values = {"question": "Livrez-vous en Belgique ?", "answer": "Oui, en 3 jours.", **fields}
    return facts.save_fact(community=community, by=by, **values)


def found(community, text):
    return search_facts(Fact.objects.all(), community, text, any_word=True)


# --- save_fact --------------------------------------------------------------------------------


def test_save_fact_creates_a_reviewed_searchable_fact(the_community, camille, clock):
    fact = facts.save_fact(
        community=the_community, by=camille, question=" Quelle mouture pour l'espresso ? ",
        answer="Une mouture **fine**.", tags="espresso, mouture, ", source=" Le torréfacteur ",
        is_public=True,
    )  # fmt: skip
    assert fact.question == "Quelle mouture pour l'espresso ?"
    assert fact.tags == ["espresso", "mouture"]
    fact.refresh_from_db()
    assert (fact.community, fact.created_by) == (the_community, camille)
    assert (fact.question, fact.answer) == (
        "Quelle mouture pour l'espresso ?",
        "Une mouture **fine**.",
    )
    assert (fact.source, fact.is_public) == ("Le torréfacteur", True)
    assert fact.answer_html.strip() == "<p>Une mouture <strong>fine</strong>.</p>"
    assert fact.tags == ["espresso", "mouture"]
    assert fact.last_reviewed_on == clock.now().date()
    assert found(the_community, "mouture") == [fact]


def test_save_fact_changes_a_fact_and_counts_as_a_review(the_community, camille, clock):
    fact = delivery(the_community, camille)
    clock.advance(days=200)
    changed = facts.save_fact(
        community=the_community, by=camille, fact=fact, question="Livrez-vous en Suisse ?",
        answer="Oui, en 5 jours.", tags=["livraison"],
    )  # fmt: skip
    assert changed.pk == fact.pk
    fact.refresh_from_db()
    assert (fact.question, fact.answer, fact.tags) == (
        "Livrez-vous en Suisse ?",
        "Oui, en 5 jours.",
        ["livraison"],
    )
    assert (fact.is_public, fact.last_reviewed_on) == (False, clock.now().date())
    assert fact.updated_at > fact.created_at
    assert found(the_community, "Suisse") == [fact] and found(the_community, "Belgique") == []


def test_save_fact_keeps_the_review_day_it_is_given(the_community, camille):
    fact = delivery(the_community, camille, reviewed_on=date(2026, 1, 15))
    fact.refresh_from_db()
    assert fact.last_reviewed_on == date(2026, 1, 15)


def test_save_fact_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        delivery(the_community, member_michu)
    assert snapshot() == before
    assert found(the_community, "Belgique") == []


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"question": "  "}, "question"),
        ({"question": "Q" * 301}, "question"),
        ({"answer": ""}, "answer"),
        ({"answer": "A" * 5001}, "answer"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags"),
        ({"tags": ["t" * 41]}, "tags"),
        ({"source": "S" * 301}, "source"),
    ],
)
def test_save_fact_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, fields, field
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        delivery(the_community, camille, **fields)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_bad_input_leaves_an_existing_fact_as_it_was(the_community, camille):
    fact = delivery(the_community, camille)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        delivery(the_community, camille, fact=fact, question="", answer="Non.")
    assert set(refused.value.errors) == {"question"}
    assert snapshot() == before
    assert found(the_community, "Belgique") == [fact]


def test_another_community_s_fact_is_refused_and_left_alone(
    the_community, camille, community_factory
):
    elsewhere = community_factory()
    theirs = delivery(elsewhere, elsewhere.created_by)
    before = snapshot()
    with pytest.raises(NotFound):
        delivery(the_community, camille, fact=theirs, answer="Détourné.")
    assert snapshot() == before


# --- mark_reviewed ----------------------------------------------------------------------------


def test_mark_reviewed_sets_today_as_the_review_day(the_community, camille, clock):
    fact = delivery(the_community, camille)
    clock.advance(days=181)
    reviewed = facts.mark_reviewed(fact=fact, by=camille)
    assert reviewed.last_reviewed_on == clock.now().date()
    fact.refresh_from_db()
    assert fact.last_reviewed_on == clock.now().date()
    assert (fact.question, fact.answer) == ("Livrez-vous en Belgique ?", "Oui, en 3 jours.")


def test_mark_reviewed_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu, clock
):
    fact = delivery(the_community, camille)
    clock.advance(days=181)
    before = snapshot()
    with pytest.raises(NotAllowed):
        facts.mark_reviewed(fact=fact, by=member_michu)
    assert snapshot() == before


# --- delete_fact ------------------------------------------------------------------------------


def test_delete_fact_removes_it_from_the_base_and_the_search(the_community, camille):
    fact = delivery(the_community, camille)
    kept = delivery(the_community, camille, question="Livrez-vous en Suisse ?")
    assert facts.delete_fact(fact=fact, by=camille) is None
    assert list(Fact.objects.all()) == [kept]
    assert found(the_community, "Belgique") == []


def test_delete_fact_by_a_member_is_refused_and_writes_nothing(
    the_community, camille, member_michu
):
    fact = delivery(the_community, camille)
    before = snapshot()
    with pytest.raises(NotAllowed):
        facts.delete_fact(fact=fact, by=member_michu)
    assert snapshot() == before
    assert found(the_community, "Belgique") == [fact]
