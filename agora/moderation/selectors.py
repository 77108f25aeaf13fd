"""Reads for moderation; the ones that answer "may this person see it?" enforce it."""

from __future__ import annotations

from django.db.models import Q

from agora.core.clock import now
from agora.core.errors import NotFound

from .models import Case, CaseState, JournalEntry, Juror, ModerationSettings, Mute, Notice


def settings_of(community) -> ModerationSettings:
    """The community's moderation settings; the defaults when none were saved (no write)."""
    found = ModerationSettings.objects.filter(community=community).first()
    return found or ModerationSettings(community=community)


def active_mute(user, community) -> Mute | None:
    """The mute in force for this member now, if any (read on every contribution)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Mute.objects.filter(community=community, user=user, ends_at__gt=now())
        .order_by("-ends_at")
        .first()
    )


def open_case_for(*, post=None, comment=None) -> Case | None:
    filters = {"comment": comment} if comment is not None else {"post": post}
    return Case.objects.filter(state=CaseState.OPEN, **filters).first()


def case_in(community, case_id) -> Case:
    case = (
        Case.objects.filter(community=community, pk=case_id)
        .select_related("article", "article__charter_version", "post", "comment", "author")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def seat_of(user, case) -> Juror | None:
    """The user's current seat on this case's jury (not released), if any."""
    if user is None or not user.is_authenticated:
        return None
    return Juror.objects.filter(case=case, user=user, released_at__isnull=True).first()


def cases_for_juror(user, community):
    """Open cases where this member sits on the jury, oldest deadline first."""
    return (
        Case.objects.filter(
            community=community,
            state=CaseState.OPEN,
            jurors__user=user,
            jurors__released_at__isnull=True,
        )
        .select_related("article")
        .order_by("deadline")
    )


def stewards_queue(community):
    """Open cases (held content first) oldest first, so nothing waits unseen."""
    return (
        Case.objects.filter(community=community, state=CaseState.OPEN)
        .select_related("article", "author", "post", "comment")
        .order_by("-waiting_for_jurors", "opened_at")
    )


def journal_of(community):
    return JournalEntry.objects.filter(community=community)


def notices_for(user):
    return Notice.objects.filter(recipient=user).select_related("community", "entry")


def removals_of(user, community, since) -> int:
    """Removals decided against this member's content since a moment (mutes count them)."""
    return (
        Case.objects.filter(
            community=community,
            author=user,
            state=CaseState.DECIDED,
            decision="remove",
            decided_at__gte=since,
            appeal_of__isnull=True,
        )
        .filter(Q(appeal__isnull=True) | Q(appeal__decision="remove"))
        .count()
    )
