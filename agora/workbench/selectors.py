"""Reads of the workbench; every one is scoped to a community the caller may see."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agora.core import per_community, zones
from agora.core.clock import now

from .models import Objective, PlannedStatus, WorkbenchSettings


def settings_of(community) -> WorkbenchSettings:
    """The community's workbench settings; the defaults when none were saved (no write)."""
    return per_community.settings_of(WorkbenchSettings, community)


def calendar_range(community, start: datetime, end: datetime):
    """Planned statuses between two instants, in time order, with what the cards show."""
    return (
        PlannedStatus.objects.filter(community=community, publish_at__gte=start, publish_at__lt=end)
        .select_related("author", "objective", "approved_by", "post")
        .order_by("publish_at", "id")
    )


def unplanned(community, *, limit: int = 50):
    """Drafts without a day yet, newest first."""
    return (
        PlannedStatus.objects.filter(community=community, publish_at__isnull=True)
        .exclude(state="published")
        .select_related("author", "objective")
        .order_by("-updated_at", "-id")[:limit]
    )


def month_grid(day: date) -> list[list[date]]:
    """The weeks (Monday first) that show the month of `day`."""
    first = day.replace(day=1)
    start = zones.week_start(first)
    next_month = (first + timedelta(days=32)).replace(day=1)
    weeks = []
    cursor = start
    while cursor < next_month:
        weeks.append([cursor + timedelta(days=i) for i in range(7)])
        cursor += timedelta(days=7)
    return weeks


def failed_statuses(community):
    return PlannedStatus.objects.filter(community=community, state="failed").order_by("publish_at")


def objectives_with_served(community) -> list[Objective]:
    """Objectives, newest period first, each with `served`: the statuses planned for it
    (two queries whatever the number)."""
    found = list(
        Objective.objects.filter(community=community)
        .prefetch_related("indicators")
        .order_by("-starts_on", "-id")
    )
    served: dict[int, list] = {o.pk: [] for o in found}
    rows = (
        PlannedStatus.objects.filter(objective__in=found)
        .select_related("post")
        .order_by("-publish_at", "-id")
    )
    for row in rows:
        served[row.objective_id].append(row)
    for objective in found:
        objective.served = served[objective.pk]
        objective.published = sum(1 for row in objective.served if row.state == "published")
    return found


def feed_statuses(community, *, days_back: int = 30, days_ahead: int = 365):
    """What the iCalendar feed lists: planned statuses with a time, a month back to a year
    ahead."""
    moment = now()
    return (
        PlannedStatus.objects.filter(
            community=community,
            publish_at__gte=moment - timedelta(days=days_back),
            publish_at__lte=moment + timedelta(days=days_ahead),
        )
        .select_related("author")
        .order_by("publish_at", "id")
    )


def stale_facts(community):
    """Facts not reviewed for the community's review period, oldest review first."""
    from .models import Fact

    limit = now().date() - timedelta(days=settings_of(community).fact_review_days)
    return Fact.objects.filter(community=community, last_reviewed_on__lt=limit).order_by(
        "last_reviewed_on", "id"
    )


def saved_replies_with_repeats(community):
    """Saved replies, each with `unchanged_recent`: uses sent word for word in 30 days, and
    `too_often` when that reaches the community's warning threshold."""
    from django.db.models import Count, Q

    from .models import SavedReply

    since = now() - timedelta(days=30)
    threshold = settings_of(community).saved_reply_repeat
    rows = list(
        SavedReply.objects.filter(community=community).annotate(
            unchanged_recent=Count("uses", filter=Q(uses__unchanged=True, uses__used_at__gte=since))
        )
    )
    for row in rows:
        row.too_often = row.unchanged_recent >= threshold
    return rows
