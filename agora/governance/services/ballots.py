"""Ballots: one per member and proposal, cast before the vote's deadline."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_contribute
from agora.core.clock import now
from agora.core.errors import Conflict, NotAllowed

from ..models import Ballot, Proposal, ProposalState


@transaction.atomic
def cast_ballot(*, proposal, voter, yes: bool) -> Ballot:
    """One ballot per member, before the deadline (refused with a clear error otherwise)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    check_can_contribute(voter, proposal.community)
    if proposal.state != ProposalState.OPEN:
        raise Conflict(_("This vote is closed."))
    moment = now()
    if moment >= proposal.closes_at:
        raise NotAllowed(_("This vote closed at its deadline; your ballot was not counted."))
    try:
        with transaction.atomic():
            return Ballot.objects.create(proposal=proposal, voter=voter, yes=yes, cast_at=moment)
    except IntegrityError as error:
        raise Conflict(_("You have already voted on this proposal.")) from error
