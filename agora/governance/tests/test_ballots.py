"""Ballots: one per member who consented to the charter, before the deadline."""

import pytest

from agora.core.errors import Conflict, NotAllowed
from agora.governance.models import Ballot
from agora.governance.services import ballots, proposals

from .conftest import NEW_CHARTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(jury_community):
    return proposals.propose_amendment(
        community=jury_community,
        by=jury_community.members[0],
        articles=NEW_CHARTER,
        reason="We need calm.",
    )


def test_each_member_votes_once_and_the_ballot_is_kept(proposal, jury_community):
    voter = jury_community.members[1]
    ballot = ballots.cast_ballot(proposal=proposal, voter=voter, yes=True)
    assert (ballot.proposal_id, ballot.voter_id, ballot.yes) == (proposal.pk, voter.pk, True)
    with pytest.raises(Conflict, match="already voted"):
        ballots.cast_ballot(proposal=proposal, voter=voter, yes=False)
    assert Ballot.objects.get(proposal=proposal, voter=voter).yes is True


def test_outsiders_and_late_or_closed_votes_are_refused(proposal, jury_community, olga, clock):
    with pytest.raises(NotAllowed):
        ballots.cast_ballot(proposal=proposal, voter=olga, yes=True)
    clock.advance(days=7, seconds=1)
    with pytest.raises(NotAllowed, match="deadline"):
        ballots.cast_ballot(proposal=proposal, voter=jury_community.members[2], yes=True)
    assert proposals.close_if_due(proposal=proposal) == "no_quorum"
    with pytest.raises(Conflict, match="closed"):
        ballots.cast_ballot(proposal=proposal, voter=jury_community.members[3], yes=True)
    assert not Ballot.objects.filter(proposal=proposal).exists()
