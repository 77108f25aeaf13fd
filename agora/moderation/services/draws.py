"""Jury draws: random and auditable by anyone.

The eligible members' ids are stored sorted, with a random seed; each id is ranked by
SHA-256("<seed>:<id>") and the lowest `size` are drawn. `verify_draw()` (and
`agora moderation verify-draw CASE`) re-runs it from the stored values.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q

from agora.communities import selectors as community_selectors
from agora.communities.models import Consent, Membership
from agora.core.clock import now

from .. import notify, selectors
from ..models import Case, Draw, Flag, Juror, Mute


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

    Call inside the case's transaction. Fewer eligible members than the quorum marks the
    case as waiting for jurors, so the stewards' view shows it. Returns the drawn ids; each
    juror is told by e-mail after the commit.
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
