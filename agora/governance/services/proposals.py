"""Proposals: members put a charter amendment or a stewardship mandate to the vote.

Every member who consented to the current charter may propose and vote, once per proposal
(`ballots`). A proposal closes once, at its deadline (a compare-and-set on its state):
adopted with a majority of the ballots cast and at least the community's quorum of
ballots, then applied (the new charter version published, the mandate granted or ended,
each with its own journal entry). The deadline is met by a task deferred to it
(`schedule_closing`) and, should that wake-up be lost, by the worker's sweep.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agora.accounts.models import User
from agora.communities import selectors as community_selectors
from agora.communities.permissions import check_can_contribute
from agora.communities.services import charter, mandates
from agora.conversations import selectors as conversation_selectors
from agora.conversations import services as conversations
from agora.core import deferred
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput
from agora.notify.models import EmailKind
from agora.notify.services import outbox

from .. import selectors
from ..models import Proposal, ProposalKind, ProposalState

MIN_REASON = 10
MAX_REASON = 2000


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput(
            _("Tell the members why, in at least %(count)d characters.") % {"count": MIN_REASON},
            errors={"reason": [_("Tell the members why.")]},
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(_("A reason has at most %(count)d characters.") % {"count": MAX_REASON})
    return reason


def _open(community, *, kind, by, reason, **fields) -> Proposal:
    moment = now()
    proposal = Proposal.objects.create(
        community=community,
        kind=kind,
        proposed_by=by,
        reason=reason,
        created_at=moment,
        closes_at=moment + timedelta(days=selectors.settings_of(community).proposal_days),
        **fields,
    )
    schedule_closing(proposal)
    _tell_members(proposal)
    return proposal


def _tell_members(proposal) -> None:
    """Every other member may hear that a vote opens (by default in their weekly summary)."""
    community = proposal.community
    members = User.objects.filter(memberships__community=community, is_active=True).exclude(
        pk=proposal.proposed_by_id
    )
    summary = Truncator(" ".join(proposal.reason.split())).words(12, truncate="…")

    def title(user) -> str:
        return f"{proposal.get_kind_display()} — « {summary} »"

    outbox.queue_topic(
        recipients=members.iterator(chunk_size=2000),
        kind=EmailKind.VOTE,
        community=community,
        actor=proposal.proposed_by,
        topic=f"proposal.{proposal.pk}",
        title=title,
        url=reverse("governance:proposal", args=[community.slug, proposal.pk]),
        deadline=proposal.closes_at,
    )


def schedule_closing(proposal) -> None:
    """Close the vote at its deadline through the task worker (after commit).

    The deadline idiom: the task calls `close_if_due` back, so its import waits for the call.
    """
    from ..tasks import close_proposal_when_due

    deferred.enqueue_at(close_proposal_when_due, proposal.closes_at, proposal_id=proposal.pk)


@transaction.atomic
def propose_amendment(*, community, by, articles: list[dict], reason: str) -> Proposal:
    """Put a new text of the charter (articles and their rules) to the members' vote."""
    check_can_contribute(by, community)
    reason = _reason(reason)
    current = community_selectors.current_charter(community)
    if current is None:
        raise InvalidInput(_("This community has no charter to amend yet."))
    cleaned = charter.check_charter_articles(articles)
    if cleaned == charter.charter_as_articles(current):
        raise InvalidInput(_("Nothing changed: this is the same text as the current version."))
    return _open(
        community,
        kind=ProposalKind.AMENDMENT,
        by=by,
        reason=reason,
        articles=cleaned,
        base_version=current,
    )


@transaction.atomic
def propose_mandate(*, community, by, candidate, reason: str, ends_at=None) -> Proposal:
    """Propose a member (oneself included) for a stewardship mandate, optionally until a date."""
    check_can_contribute(by, community)
    reason = _reason(reason)
    if candidate is None or not community_selectors.has_consented_to_current(candidate, community):
        raise InvalidInput(
            _("Only a member who consented to the current charter can hold a mandate."),
            errors={"candidate": [_("Choose a member of the community.")]},
        )
    if community_selectors.is_steward(candidate, community):
        raise Conflict(_("This member already holds a mandate."))
    if ends_at is not None and ends_at <= now() + timedelta(
        days=selectors.settings_of(community).proposal_days
    ):
        raise InvalidInput(
            _("The mandate would end before the vote does: choose a later end date."),
            errors={"ends_at": [_("Choose a later date.")]},
        )
    if Proposal.objects.filter(
        community=community, kind=ProposalKind.GRANT, candidate=candidate, state="open"
    ).exists():
        raise Conflict(_("A vote on a mandate for this member is already open."))
    return _open(
        community,
        kind=ProposalKind.GRANT,
        by=by,
        reason=reason,
        candidate=candidate,
        mandate_ends_at=ends_at,
    )


@transaction.atomic
def propose_revocation(*, community, by, mandate, reason: str) -> Proposal:
    check_can_contribute(by, community)
    reason = _reason(reason)
    if mandate.community_id != community.pk or not _active(mandate):
        raise InvalidInput(_("This mandate is not in force."))
    if Proposal.objects.filter(mandate=mandate, state="open").exists():
        raise Conflict(_("A vote on revoking this mandate is already open."))
    return _open(community, kind=ProposalKind.REVOKE, by=by, reason=reason, mandate=mandate)


@transaction.atomic
def propose_unpin(*, community, by, post, reason: str) -> Proposal:
    """Put a pinned post to the members' vote: adopted, it is unpinned."""
    check_can_contribute(by, community)
    reason = _reason(reason)
    if post.community_id != community.pk or not _is_pinned(post):
        raise InvalidInput(_("This post is not pinned."))
    if Proposal.objects.filter(post=post, kind=ProposalKind.UNPIN, state="open").exists():
        raise Conflict(_("A vote on unpinning this post is already open."))
    return _open(community, kind=ProposalKind.UNPIN, by=by, reason=reason, post=post)


def _is_pinned(post) -> bool:
    return conversation_selectors.is_pinned(post)


def _active(mandate) -> bool:
    moment = now()
    return mandate.starts_at <= moment and (mandate.ends_at is None or mandate.ends_at > moment)


@transaction.atomic
def close_if_due(*, proposal) -> str:
    """At the deadline: count, then adopt (and apply) or reject. Returns what happened."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != ProposalState.OPEN:
        return "closed"
    moment = now()
    if moment < proposal.closes_at:
        return "not due"
    counts = proposal.ballots.aggregate(
        for_=Count("id", filter=Q(yes=True)), against=Count("id", filter=Q(yes=False))
    )
    yes, no = counts["for_"], counts["against"]
    if yes + no < selectors.settings_of(proposal.community).proposal_quorum:
        state = ProposalState.NO_QUORUM
    elif yes > no:
        state = _apply(proposal)
    else:
        state = ProposalState.REJECTED
    Proposal.objects.filter(pk=proposal.pk, state=ProposalState.OPEN).update(
        state=state,
        closed_at=moment,
        yes_votes=yes,
        no_votes=no,
        adopted_version=proposal.adopted_version,
    )
    return state


def _apply(proposal) -> str:
    community = proposal.community
    if proposal.kind == ProposalKind.AMENDMENT:
        current = community_selectors.current_charter(community)
        if current is None or current.pk != proposal.base_version_id:
            return ProposalState.OUTDATED  # the charter changed while members voted
        proposal.adopted_version = charter.publish_adopted_amendment(
            community=community,
            proposer=proposal.proposed_by,
            articles=proposal.articles,
            summary=_("Amendment adopted by the members (proposal %(number)d)")
            % {"number": proposal.pk},
        )
        return ProposalState.ADOPTED
    if proposal.kind == ProposalKind.GRANT:
        candidate = proposal.candidate
        if community_selectors.is_steward(candidate, community) or not (
            community_selectors.is_member(candidate, community)
        ):
            return ProposalState.OUTDATED
        ends_at = proposal.mandate_ends_at
        if ends_at is not None and ends_at <= now():
            return ProposalState.OUTDATED
        mandates.grant_stewardship(
            community=community,
            user=candidate,
            reason=_("Granted by the members' vote (proposal %(number)d)")
            % {"number": proposal.pk},
            ends_at=ends_at,
        )
        return ProposalState.ADOPTED
    if proposal.kind == ProposalKind.UNPIN:
        unpinned = conversations.unpin_by_vote(post=proposal.post)
        return ProposalState.ADOPTED if unpinned else ProposalState.OUTDATED
    mandate = proposal.mandate
    if not _active(mandate):
        return ProposalState.OUTDATED
    mandates.end_mandate(mandate=mandate)
    return ProposalState.ADOPTED


def close_due_proposals() -> dict[str, int]:
    """Every open vote past its deadline (the periodic sweep behind the deadline tasks)."""
    due = Proposal.objects.filter(state=ProposalState.OPEN, closes_at__lte=now())
    return deferred.sweep(
        due.values_list("pk", flat=True), lambda pk: close_if_due(proposal=Proposal(pk=pk))
    )
