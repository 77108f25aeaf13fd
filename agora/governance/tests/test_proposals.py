"""Members put charter amendments and stewardship mandates to the vote; closing applies them."""

import pytest

from agora.communities import selectors as community_selectors
from agora.communities.models import StewardMandate
from agora.communities.services import charter as charter_services
from agora.communities.services import mandates
from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.governance.services import ballots, proposals
from agora.moderation.models import EntryKind, JournalEntry

from .conftest import NEW_CHARTER, vote_all


def test_an_adopted_amendment_publishes_a_version_everyone_consents_to_again(jury_community, clock):
    proposer, *voters = jury_community.members
    proposal = proposals.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(proposal, voters, yes_count=3, no_count=1)
    with pytest.raises(Conflict):
        ballots.cast_ballot(proposal=proposal, voter=voters[0], yes=False)
    assert proposals.close_if_due(proposal=proposal) == "not due"
    clock.advance(days=7, seconds=1)
    with pytest.raises(NotAllowed, match="deadline"):
        ballots.cast_ballot(proposal=proposal, voter=voters[5], yes=True)
    assert proposals.close_if_due(proposal=proposal) == "adopted"
    proposal.refresh_from_db()
    assert (proposal.yes_votes, proposal.no_votes) == (3, 1)
    version = community_selectors.current_charter(jury_community)
    assert proposal.adopted_version == version and version.number == 2
    assert [a.title for a in version.articles.all()] == ["Kindness", "No spam", "Calm"]
    assert version.articles.all()[2].rules.get().kind == "shouting"
    assert community_selectors.has_consented_to_current(proposer, jury_community)
    assert not community_selectors.has_consented_to_current(voters[0], jury_community)
    assert proposals.close_if_due(proposal=proposal) == "closed"  # once


def test_no_quorum_or_no_majority_adopts_nothing(jury_community, clock):
    proposer, *voters = jury_community.members
    first = proposals.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(first, voters, yes_count=2)  # quorum is 3
    second = proposals.propose_mandate(
        community=jury_community, by=proposer, candidate=voters[0], reason="She knows us well."
    )
    vote_all(second, voters[1:], yes_count=2, no_count=2)  # a tie is not a majority
    clock.advance(days=8)
    assert proposals.close_due_proposals() == {"no_quorum": 1, "rejected": 1}
    assert community_selectors.current_charter(jury_community).number == 1
    assert not community_selectors.is_steward(voters[0], jury_community)


def test_an_amendment_overtaken_by_another_version_is_not_applied(jury_community, camille, clock):
    proposer, *voters = jury_community.members
    proposal = proposals.propose_amendment(
        community=jury_community, by=proposer, articles=NEW_CHARTER, reason="We need calm."
    )
    vote_all(proposal, voters, yes_count=4)
    charter_services.publish_charter_version(
        community=jury_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Be kind."}],
    )
    clock.advance(days=8)
    assert proposals.close_if_due(proposal=proposal) == "outdated"
    assert community_selectors.current_charter(jury_community).number == 2


def test_invalid_amendments_are_refused_with_a_reason(jury_community):
    member = jury_community.members[0]
    with pytest.raises(InvalidInput, match="Nothing changed"):
        proposals.propose_amendment(
            community=jury_community,
            by=member,
            articles=[
                {"title": "Kindness", "body": "Criticise ideas, never people."},
                {"title": "No spam", "body": "Announce commercial links as such."},
            ],
            reason="Same text again.",
        )
    broken = [{"title": "A", "body": "B", "rules": [{"kind": "pattern", "action": "hold",
                                                     "pattern": "(a)\\1"}]}]  # fmt: skip
    with pytest.raises(InvalidInput, match="cannot be used"):
        proposals.propose_amendment(
            community=jury_community, by=member, articles=broken, reason="Bad pattern here."
        )
    with pytest.raises(InvalidInput):
        proposals.propose_amendment(
            community=jury_community, by=member, articles=NEW_CHARTER, reason="short"
        )


def test_a_mandate_by_vote_gives_powers_and_its_revocation_ends_them_at_once(jury_community, clock):
    proposer, candidate, *voters = jury_community.members
    grant = proposals.propose_mandate(
        community=jury_community, by=proposer, candidate=candidate, reason="Always helpful."
    )
    with pytest.raises(Conflict):
        proposals.propose_mandate(
            community=jury_community, by=voters[0], candidate=candidate, reason="Same again."
        )
    vote_all(grant, voters, yes_count=3)
    clock.advance(days=8)
    assert proposals.close_if_due(proposal=grant) == "adopted"
    candidate = type(candidate).objects.get(pk=candidate.pk)  # a fresh request
    assert community_selectors.is_steward(candidate, jury_community)
    assert JournalEntry.objects.filter(
        kind=EntryKind.MANDATE_GRANTED, facts__contains=candidate.handle
    ).exists()
    mandate = StewardMandate.objects.get(user=candidate, community=jury_community)
    revoke = proposals.propose_revocation(
        community=jury_community, by=proposer, mandate=mandate, reason="Too harsh lately."
    )
    vote_all(revoke, voters, yes_count=3, no_count=1)
    clock.advance(days=8)
    assert proposals.close_if_due(proposal=revoke) == "adopted"
    candidate = type(candidate).objects.get(pk=candidate.pk)
    assert not community_selectors.is_steward(candidate, jury_community)
    assert JournalEntry.objects.filter(kind=EntryKind.MANDATE_ENDED).count() == 1


def test_a_mandate_granted_by_vote_until_a_date_is_journaled_when_it_ends(jury_community, clock):
    from datetime import timedelta

    proposer, candidate, *voters = jury_community.members
    grant = proposals.propose_mandate(
        community=jury_community,
        by=proposer,
        candidate=candidate,
        reason="For the summer.",
        ends_at=clock.now() + timedelta(days=30),
    )
    vote_all(grant, voters, yes_count=3)
    clock.advance(days=8)
    assert proposals.close_if_due(proposal=grant) == "adopted"
    mandate = StewardMandate.objects.get(user=candidate, community=jury_community)
    granted = JournalEntry.objects.get(
        kind=EntryKind.MANDATE_GRANTED, facts__contains=f"@{candidate.handle} "
    )
    assert granted.facts == f"@{candidate.handle} (mandate #{mandate.pk})"
    assert granted.until == mandate.ends_at
    clock.advance(days=23)
    assert mandates.record_ended_mandates() == {"recorded": 1}
    assert JournalEntry.objects.filter(kind=EntryKind.MANDATE_ENDED).count() == 1
