"""Jurors' votes: one per drawn juror, before the deadline; a majority decides at once.

Votes are serialised per case (the case row is locked on PostgreSQL; SQLite runs one writer
at a time), so every vote counts in the tally; the decision itself is `decisions.decide`.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed

from ..models import Case, CaseState, Decision, Juror, Vote
from . import decisions

MAX_REASON = 1000


@transaction.atomic
def cast_vote(*, case: Case, juror, choice: str, reason: str = "") -> Vote:
    """A drawn juror's vote; the case closes as soon as one side holds a majority of k.

    Refused (4xx, nothing written) after the deadline, on a closed case, for anyone not
    drawn (or released), and for a second vote.
    """
    if choice not in (Decision.KEEP, Decision.REMOVE):
        raise InvalidInput(_("Vote keep or remove."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("A reason has at most %(count)d characters.") % {"count": MAX_REASON})
    case = decisions.lock_case(case)
    if case.state != CaseState.OPEN:
        raise Conflict(_("This case is already decided."))
    moment = now()
    if moment >= case.deadline:
        raise NotAllowed(_("The deadline for this jury has passed; your vote was not counted."))
    if not Juror.objects.filter(case=case, user=juror, released_at__isnull=True).exists():
        raise NotAllowed(_("Only the members drawn for this jury can vote on this case."))
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                case=case, juror=juror, choice=choice, reason=reason, cast_at=moment
            )
    except IntegrityError as error:
        raise Conflict(_("You have already voted on this case.")) from error
    keep, remove = decisions.tally(case)
    majority = case.jury_size // 2 + 1
    if remove >= majority:
        decisions.decide(case, Decision.REMOVE, keep, remove)
    elif keep >= majority:
        decisions.decide(case, Decision.KEEP, keep, remove)
    return vote
