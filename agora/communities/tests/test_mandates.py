"""Stewardship mandates: every grant and every end is journaled by the service that makes
it, whoever calls it (community creation, the operator, a vote, the holder, the calendar)."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from agora.communities import selectors
from agora.communities.models import StewardMandate
from agora.communities.services import communities, mandates
from agora.communities.signals import mandate_changed
from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.moderation.models import EntryKind, JournalEntry

pytestmark = pytest.mark.django_db


def journal_of(community, kind):
    return list(JournalEntry.objects.filter(community=community, kind=kind).order_by("pk"))


def test_a_new_community_journals_its_founders_mandate(camille):
    community = communities.create_community(
        founder=camille, name="Neuf", slug="neuf", description="", visibility="public"
    )
    (entry,) = journal_of(community, EntryKind.MANDATE_GRANTED)
    mandate = StewardMandate.objects.get(community=community, user=camille)
    assert entry.facts == f"@camille (mandate #{mandate.pk})" and entry.until is None
    assert mandate.reason == "founder"


def test_a_grant_with_an_end_date_is_journaled_with_it(the_community, michu, clock):
    ends_at = clock.now() + timedelta(days=30)
    mandate = mandates.grant_stewardship(
        community=the_community, user=michu, reason="Summer help", ends_at=ends_at
    )
    (entry,) = journal_of(the_community, EntryKind.MANDATE_GRANTED)[-1:]
    assert entry.facts == f"@michu (mandate #{mandate.pk})" and entry.until == ends_at
    assert selectors.is_member(michu, the_community)  # a grant makes a member


def test_the_operators_createsteward_journals_the_grant(the_community):
    call_command(
        "createsteward", email="op@example.org", handle="operated", name="Op",
        community=the_community.slug, password="correct horse battery staple",
    )  # fmt: skip
    entries = journal_of(the_community, EntryKind.MANDATE_GRANTED)
    assert entries[-1].facts.startswith("@operated (mandate #")


def test_refused_grants_write_nothing(the_community, camille, michu, clock):
    before = JournalEntry.objects.count()
    with pytest.raises(Conflict):
        mandates.grant_stewardship(community=the_community, user=camille, reason="again")
    with pytest.raises(InvalidInput):
        mandates.grant_stewardship(community=the_community, user=michu, reason=" ")
    with pytest.raises(InvalidInput, match="future"):
        mandates.grant_stewardship(
            community=the_community, user=michu, reason="late", ends_at=clock.now()
        )
    assert JournalEntry.objects.count() == before
    assert not StewardMandate.objects.filter(user=michu).exists()


def test_laying_down_ends_the_mandate_at_once_and_journals_it_once(the_community, camille, michu):
    mandate = StewardMandate.objects.get(community=the_community, user=camille)
    with pytest.raises(NotAllowed):
        mandates.lay_down_mandate(mandate=mandate, by=michu)
    mandates.lay_down_mandate(mandate=mandate, by=camille)
    mandate.refresh_from_db()
    assert mandate.ends_at is not None and mandate.end_recorded_at == mandate.ends_at
    assert len(journal_of(the_community, EntryKind.MANDATE_ENDED)) == 1
    with pytest.raises(Conflict):
        mandates.end_mandate(mandate=mandate)
    assert len(journal_of(the_community, EntryKind.MANDATE_ENDED)) == 1
    # Nor is an ended mandate's end recorded again by the sweep.
    assert mandates.record_ended_mandates() == {}


def test_an_end_date_is_journaled_once_by_the_task_or_the_sweep(the_community, michu, clock):
    mandate = mandates.grant_stewardship(
        community=the_community,
        user=michu,
        reason="Summer",
        ends_at=clock.now() + timedelta(days=3),
    )
    assert mandates.record_mandate_end(mandate=mandate) is False  # not yet
    assert mandates.record_ended_mandates() == {}
    clock.advance(days=3, seconds=1)
    assert not selectors.is_steward(type(michu).objects.get(pk=michu.pk), the_community)
    assert mandates.record_ended_mandates() == {"recorded": 1}
    assert mandates.record_mandate_end(mandate=mandate) is False  # once
    assert mandates.record_ended_mandates() == {}
    (entry,) = journal_of(the_community, EntryKind.MANDATE_ENDED)
    assert entry.facts == f"@michu (mandate #{mandate.pk})"


def test_a_journal_that_cannot_be_written_rolls_the_mandate_back(the_community, michu):
    def broken_journal(**kwargs):
        raise RuntimeError("the journal is unavailable")

    mandate_changed.connect(broken_journal, dispatch_uid="broken-journal")
    try:
        with pytest.raises(RuntimeError):
            mandates.grant_stewardship(community=the_community, user=michu, reason="Help")
    finally:
        mandate_changed.disconnect(dispatch_uid="broken-journal")
    assert not StewardMandate.objects.filter(user=michu).exists()
    assert not selectors.is_member(michu, the_community)


def test_grant_stewardship_adds_member_and_mandate(the_community, olga):
    mandates.grant_stewardship(community=the_community, user=olga, reason="vote")
    assert selectors.is_steward(olga, the_community)
    with pytest.raises(Conflict):
        mandates.grant_stewardship(community=the_community, user=olga, reason="again")
