"""Reads of the workbench; every one is scoped to a community the caller may see."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from agora.conversations.models import Post
from agora.core import per_community, zones
from agora.core.clock import now
from agora.core.errors import NotFound

from . import knowledge
from .models import (
    CalendarFeed,
    Fact,
    Objective,
    PlannedStatus,
    Ritual,
    SavedReply,
    WorkbenchSettings,
)


def settings_of(community) -> WorkbenchSettings:
    """The community's workbench settings; the defaults when none were saved (no write)."""
    return per_community.settings_of(WorkbenchSettings, community)


def calendar_range(community, start: datetime, end: datetime):
    """Planned statuses between two instants, in time order, with what the cards show."""
    return (
        PlannedStatus.objects.filter(community=community, publish_at__gte=start, publish_at__lt=end)
        .select_related("author", "objective", "approved_by", "post")
        .annotate(image_count=Count("images"))
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
    limit = now().date() - timedelta(days=settings_of(community).fact_review_days)
    return Fact.objects.filter(community=community, last_reviewed_on__lt=limit).order_by(
        "last_reviewed_on", "id"
    )


def saved_replies_with_repeats(community):
    """Saved replies, each with `unchanged_recent`: uses sent word for word in 30 days, and
    `too_often` when that reaches the community's warning threshold."""
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


def planned_in(community, planned_id) -> PlannedStatus:
    """A planned status of this community, with what its card and form show; NotFound."""
    planned = (
        PlannedStatus.objects.filter(community=community, pk=planned_id)
        .select_related("author", "approved_by", "post", "objective")
        .first()
    )
    if planned is None:
        raise NotFound()
    return planned


def planned_images(planned: PlannedStatus) -> list:
    """The images a planned status holds, in order, each with its description as planned."""
    images = []
    for held in planned.images.select_related("image"):
        held.image.alt = held.alt
        images.append(held.image)
    return images


def objectives_of(community):
    """The community's objectives, newest period first (the planning forms' choices)."""
    return Objective.objects.filter(community=community).order_by("-starts_on", "-id")


def planned_count(community) -> int:
    """Statuses written and given a day in the calendar (planned, scheduled or published;
    a ritual's empty drafts do not count)."""
    return (
        PlannedStatus.objects.filter(community=community, publish_at__isnull=False)
        .exclude(state="failed")
        .exclude(body="")
        .count()
    )


def rituals_of(community):
    """Its rituals, active ones first."""
    return Ritual.objects.filter(community=community).order_by("-is_active", "title")


def active_ritual_in(community, ritual_id) -> Ritual:
    ritual = Ritual.objects.filter(community=community, pk=ritual_id, is_active=True).first()
    if ritual is None:
        raise NotFound()
    return ritual


def live_feed(community, user) -> CalendarFeed | None:
    """The steward's calendar link in force, if any (its secret is never stored)."""
    return CalendarFeed.objects.filter(
        community=community, user=user, revoked_at__isnull=True
    ).first()


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The calendar link behind a secret, unless revoked."""
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarFeed.objects.filter(secret_hash=CalendarFeed.hash(secret), revoked_at__isnull=True)
        .select_related("community", "user")
        .first()
    )


def question_to_answer(community, post_id) -> Post:
    """A visible post of the community, opened from the inbox to be answered."""
    post = (
        Post.objects.filter(
            community=community, pk=post_id, deleted_at__isnull=True, moderation_state="visible"
        )
        .select_related("author")
        .first()
    )
    if post is None:
        raise NotFound()
    return post


def suggested_facts(community, post, *, limit: int = 3) -> list[Fact]:
    """The facts that best match a question (any of its longer words)."""
    return knowledge.search_facts(
        Fact.objects.all(), community, f"{post.title} {post.body}", any_word=True, limit=limit
    )


def facts_of(community, *, query: str = "", stale_only: bool = False):
    """The knowledge base: those matching every word of `query`, or the stale ones, or all
    by question."""
    if query:
        return knowledge.search_facts(Fact.objects.all(), community, query, any_word=False)
    if stale_only:
        return list(stale_facts(community))
    return Fact.objects.filter(community=community).order_by("question", "id")


def fact_in(community, fact_id) -> Fact:
    fact = Fact.objects.filter(community=community, pk=fact_id).first()
    if fact is None:
        raise NotFound()
    return fact


def public_facts(community):
    """The community's FAQ: its public facts."""
    return Fact.objects.filter(community=community, is_public=True).order_by("question", "id")


def saved_reply_in(community, reply_id) -> SavedReply:
    saved = SavedReply.objects.filter(community=community, pk=reply_id).first()
    if saved is None:
        raise NotFound()
    return saved


def occurrence_count(ritual) -> int:
    """How many planned statuses a ritual has created."""
    return PlannedStatus.objects.filter(ritual=ritual).count()
