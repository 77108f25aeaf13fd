"""Reads of the health dashboard: a period's snapshot, and the items behind each figure."""

from __future__ import annotations

from django.db.models import Q

from agora.accounts.models import User
from agora.conversations.models import Post
from agora.core import per_community
from agora.core.clock import now
from agora.core.errors import NotFound
from agora.moderation.models import Case, Mute

from . import metrics
from .models import Digest, HealthSettings


def settings_of(community) -> HealthSettings:
    """The community's health settings; the defaults when none were saved (no write)."""
    return per_community.settings_of(HealthSettings, community)


def people_named(user_ids) -> dict[int, tuple[str, str]]:
    """{id: (handle, display name)} of these accounts, in one query."""
    return {
        pk: (handle, name)
        for pk, handle, name in User.objects.filter(pk__in=user_ids).values_list(
            "id", "handle", "display_name"
        )
    }


def public_summary(figures: dict) -> dict:
    """What members may see: self-management and responsiveness, no per-person figures."""
    return {
        "first_day": figures["first_day"],
        "last_day": figures["last_day"],
        "days": figures["days"],
        "self": figures["self"],
        "daily": figures["daily"],
        "response": figures["response"],
        "computed_at": figures["computed_at"],
    }


def digests(community, limit: int = 20):
    return Digest.objects.filter(community=community)[:limit]


def digest_in(community, digest_id) -> Digest:
    digest = Digest.objects.filter(community=community, pk=digest_id).first()
    if digest is None:
        raise NotFound()
    return digest


def latest_digest(community) -> Digest | None:
    return Digest.objects.filter(community=community).first()


# --- the items behind a figure -------------------------------------------------------------


def questions(community, w: metrics.Window, which: str, target_hours: int) -> list[dict]:
    """The questions of a period, each with its first answer; `which` filters them."""
    rows = metrics.collect_questions(community, w)
    moment = now()
    keep = {
        "all": lambda q: True,
        "answered": lambda q: q["first_by"] is not None,
        "by_members": lambda q: q["first_by"] is not None and not q["first_steward"],
        "by_stewards": lambda q: q["first_steward"],
        "accepted_members": lambda q: q["accepted_by"] is not None and not q["accepted_steward"],
        "accepted_stewards": lambda q: q["accepted_steward"],
        "unanswered": lambda q: q["first_by"] is None and q["accepted_by"] is None,
        "within": lambda q: q["wait_hours"] is not None and q["wait_hours"] <= target_hours,
        "late": lambda q: (
            (q["wait_hours"] or metrics._hours(moment - q["created_at"])) > target_hours
        ),
    }[which]
    for q in rows:
        q["wait_hours"] = metrics._hours(q["first_at"] - q["created_at"]) if q["first_at"] else None
    return [q for q in rows if keep(q)]


def cases(community, w: metrics.Window, which: str, article: int | None = None):
    qs = Case.objects.filter(
        community=community, appeal_of__isnull=True, opened_at__gte=w.start, opened_at__lt=w.end
    ).select_related("article", "appeal")
    if which in ("rule", "flags", "steward"):
        qs = qs.filter(origin=which)
    elif which == "juries":
        qs = qs.exclude(origin="steward")
    elif which == "decided":
        qs = qs.filter(state="decided")
    elif which == "removed":
        qs = qs.filter(decision="remove")
    elif which == "appealed":
        qs = qs.filter(appeal__isnull=False)
    elif which == "overturned":
        qs = qs.filter(appeal__decision="keep")
    if article is not None:
        qs = qs.filter(article_id=article)
    return qs.order_by("opened_at", "id")


def mutes_in_force(community):
    moment = now()
    return (
        Mute.objects.filter(community=community, starts_at__lte=moment, ends_at__gt=moment)
        .select_related("user", "case__article")
        .order_by("ends_at")
    )


def posts(community, w: metrics.Window, which: str):
    """Members' posts (and questions) or stewards' statuses of a period, newest first."""
    qs = Post.objects.filter(
        community=community, deleted_at__isnull=True, moderation_state="visible",
        created_at__gte=w.start, created_at__lt=w.end,
    ).select_related("author")  # fmt: skip
    if which == "statuses":
        return qs.filter(kind="status")
    held = metrics.Mandates(community).held_q()
    return qs.filter(Q(kind="post") | Q(kind="question")).exclude(held)


def contributors(community, w: metrics.Window) -> list[dict]:
    """Contributors of a period with their counts, most first (stewards only see this)."""
    zone_name = community.time_zone
    rows = metrics.collect(community, w, zone_name, parts=("contributions",))
    counts: dict[int, int] = {}
    for day, author, _steward, _kind, n in rows.contributions:
        if w.holds_day(day):
            counts[author] = counts.get(author, 0) + n
    people = people_named(counts)
    return [
        {"user_id": pk, "handle": people.get(pk, ("", ""))[0], "name": people.get(pk, ("", ""))[1],
         "contributions": n}
        for pk, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]  # fmt: skip


def steward_acts(community, w: metrics.Window, user_id: int) -> list[dict]:
    """One steward's actions in a period, oldest first, each inside or outside working hours."""
    zone_name = community.time_zone
    health = settings_of(community)
    rows = metrics.collect(community, w, zone_name, parts=("acts",))
    return [
        {"kind": kind, "id": pk, "post_id": post_id, "at": moment,
         "outside": not metrics.is_working_time(moment, zone_name, health.work_days,
                                                health.work_starts, health.work_ends)}
        for uid, moment, kind, pk, post_id in sorted(rows.steward_acts, key=lambda a: (a[1], a[3]))
        if uid == user_id and w.holds(moment)
    ]  # fmt: skip
