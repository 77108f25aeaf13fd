"""Juries: random, auditable draws; votes; decisions that take effect exactly once.

The draw is reproducible by anyone: the eligible members' ids are stored sorted, with a
random seed; each id is ranked by SHA-256("<seed>:<id>") and the lowest `size` are drawn.
`verify_draw()` (and `agora moderation verify-draw CASE`) re-runs it from the stored values.

Votes are serialised per case (the case row is locked on PostgreSQL; SQLite runs one writer
at a time) so every vote counts in the tally, and the decision is a compare-and-set on the
case's state, so a case closes exactly once whoever votes last.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from agora.communities import selectors as community_selectors
from agora.communities.models import Consent, Membership
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed

from .. import selectors
from ..models import Case, CaseState, Decision, Draw, Flag, Juror, Mute, Vote

MAX_REASON = 1000


# --- the draw -------------------------------------------------------------------------------


def rank(seed: str, user_id: int) -> str:
    return hashlib.sha256(f"{seed}:{user_id}".encode()).hexdigest()


def draw_from(*, seed: str, eligible: list[int], size: int) -> list[int]:
    """The pure draw: the `size` eligible ids with the lowest SHA-256 rank, in rank order."""
    return sorted(eligible, key=lambda user_id: rank(seed, user_id))[:size]


def eligible_jurors(case: Case) -> list[int]:
    """Members who may sit on this case's jury now, as sorted ids.

    Consented to the current charter, members for at least `juror_min_days`, not the author,
    not a flagger of the item, not on a jury in this community in the last
    `juror_rest_days` (nor already on this case or, for an appeal, on the first jury), not
    muted, and with an active account. Stewards are members like any other.
    """
    community = case.community
    settings = selectors.settings_of(community)
    moment = now()
    version = community_selectors.current_charter(community)
    if version is None:
        return []
    item_filter = Q(comment=case.comment) if case.comment_id else Q(post=case.post)
    excluded = set(Flag.objects.filter(item_filter).values_list("member_id", flat=True))
    excluded.add(case.author_id)
    excluded |= set(
        Juror.objects.filter(
            case__community=community,
            seated_at__gte=moment - timedelta(days=settings.juror_rest_days),
        ).values_list("user_id", flat=True)
    )
    excluded |= set(Juror.objects.filter(case=case).values_list("user_id", flat=True))
    if case.appeal_of_id:
        excluded |= set(
            Juror.objects.filter(case_id=case.appeal_of_id).values_list("user_id", flat=True)
        )
    excluded |= set(
        Mute.objects.filter(community=community, ends_at__gt=moment).values_list(
            "user_id", flat=True
        )
    )
    ids = Membership.objects.filter(
        community=community,
        joined_at__lte=moment - timedelta(days=settings.juror_min_days),
        user__is_active=True,
        user_id__in=Consent.objects.filter(charter_version=version).values("user_id"),
    ).values_list("user_id", flat=True)
    return sorted(set(ids) - excluded)


def draw_jury(*, case: Case, size: int, seed: str | None = None) -> list[int]:
    """Draw `size` jurors for the case's current round, store the draw and seat them.

    Fewer eligible members than the quorum marks the case as waiting for jurors, so the
    stewards' view shows it. Returns the drawn ids.
    """
    seed = seed or secrets.token_hex(16)
    eligible = eligible_jurors(case)
    drawn = draw_from(seed=seed, eligible=eligible, size=size)
    moment = now()
    Draw.objects.create(
        case=case,
        round=case.round,
        seed=seed,
        eligible=eligible,
        drawn=drawn,
        size=size,
        drawn_at=moment,
    )
    Juror.objects.bulk_create(
        Juror(case=case, user_id=user_id, round=case.round, seated_at=moment) for user_id in drawn
    )
    seated = Juror.objects.filter(case=case, released_at__isnull=True).count()
    waiting = seated < selectors.settings_of(case.community).quorum
    if waiting != case.waiting_for_jurors:
        case.waiting_for_jurors = waiting
        case.save(update_fields=["waiting_for_jurors"])
    from .. import notify

    notify.jurors_drawn(case=case, user_ids=drawn)
    return drawn


@dataclass(frozen=True)
class DrawCheck:
    round: int
    expected: list[int]
    stored: list[int]
    seated: list[int]

    @property
    def ok(self) -> bool:
        return self.expected == self.stored and sorted(self.expected) == sorted(self.seated)


def verify_draw(case: Case) -> list[DrawCheck]:
    """Re-run every draw of the case from its stored seed and eligible list."""
    checks = []
    for draw in Draw.objects.filter(case=case).order_by("round"):
        expected = draw_from(seed=draw.seed, eligible=list(draw.eligible), size=draw.size)
        seated = list(
            Juror.objects.filter(case=case, round=draw.round).values_list("user_id", flat=True)
        )
        checks.append(DrawCheck(draw.round, expected, list(draw.drawn), seated))
    return checks


# --- votes and decisions -------------------------------------------------------------------


def _tally(case: Case) -> tuple[int, int]:
    counts = Vote.objects.filter(case=case).aggregate(
        keep=Count("id", filter=Q(choice=Decision.KEEP)),
        remove=Count("id", filter=Q(choice=Decision.REMOVE)),
    )
    return counts["keep"], counts["remove"]


def _locked(case: Case) -> Case:
    # select_for_update is a no-op on SQLite, where writers are serialised anyway.
    return Case.objects.select_for_update().select_related("community").get(pk=case.pk)


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
    case = _locked(case)
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
    keep, remove = _tally(case)
    majority = case.jury_size // 2 + 1
    if remove >= majority:
        _decide(case, Decision.REMOVE, keep, remove)
    elif keep >= majority:
        _decide(case, Decision.KEEP, keep, remove)
    return vote


def _decide(case: Case, decision: str, keep: int, remove: int) -> bool:
    """Close the case once (compare-and-set on its state) and apply the decision."""
    moment = now()
    changed = Case.objects.filter(pk=case.pk, state=CaseState.OPEN).update(
        state=CaseState.DECIDED,
        decision=decision,
        decided_at=moment,
        keep_votes=keep,
        remove_votes=remove,
    )
    if changed != 1:
        return False
    case.refresh_from_db()
    from .cases import apply_decision

    apply_decision(case)
    return True


@transaction.atomic
def close_if_due(*, case: Case) -> str:
    """At the deadline: decide with a quorum (a tie keeps), or replace the silent jurors.

    Returns what happened: "decided", "redrawn", "not due" or "closed".
    """
    case = _locked(case)
    if case.state != CaseState.OPEN:
        return "closed"
    moment = now()
    if moment < case.deadline:
        return "not due"
    settings = selectors.settings_of(case.community)
    keep, remove = _tally(case)
    if keep + remove >= settings.quorum:
        _decide(case, Decision.REMOVE if remove > keep else Decision.KEEP, keep, remove)
        return "decided"
    voters = Vote.objects.filter(case=case).values("juror_id")
    silent = Juror.objects.filter(case=case, released_at__isnull=True).exclude(user_id__in=voters)
    replaced = silent.update(released_at=moment)
    case.round += 1
    case.deadline = moment + timedelta(hours=settings.vote_hours)
    case.save(update_fields=["round", "deadline"])
    draw_jury(case=case, size=max(replaced, settings.quorum - (keep + remove)))
    from .. import notify

    notify.schedule_deadline(case)
    return "redrawn"


def close_due_cases() -> dict[str, int]:
    """Every open case past its deadline (the periodic sweep behind the deadline tasks)."""
    results: dict[str, int] = {}
    due = Case.objects.filter(state=CaseState.OPEN, deadline__lte=now()).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        outcome = close_if_due(case=Case(pk=pk))
        results[outcome] = results.get(outcome, 0) + 1
    return results
