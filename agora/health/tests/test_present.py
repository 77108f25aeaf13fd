"""What is true now, whatever the period: content ahead, rituals, mutes (the inbox: in the
snapshots' present, test_snapshots.py)."""

from datetime import time, timedelta

from agora.core import zones
from agora.core.clock import now
from agora.health import metrics
from agora.moderation.models import Mute
from agora.workbench.models import PlannedStatus
from agora.workbench.services import rituals

PARIS = "Europe/Paris"


def plan(community, author, day, at, state):
    when = zones.to_utc(day, at, PARIS)
    return PlannedStatus.objects.create(
        community=community, author=author, body="Bonjour", state=state, publish_at=when,
        published_at=when if state == "published" else None, created_at=now(),
        updated_at=now(),
    )  # fmt: skip


def test_days_of_content_ahead_count_consecutive_local_days(the_community, camille):
    moment = now()
    today = zones.local(moment, PARIS).date()
    assert metrics.runway(the_community, PARIS, moment) == {"days": 0, "furthest": None}
    plan(the_community, camille, today, time(0, 30), "published")  # today, already out
    plan(the_community, camille, today + timedelta(days=1), time(23, 30), "scheduled")
    plan(the_community, camille, today + timedelta(days=3), time(9), "scheduled")  # a gap first
    plan(the_community, camille, today + timedelta(days=2), time(9), "draft")  # not scheduled
    # Today and tomorrow are covered, the day after is not: 2 days; the furthest is in 3.
    assert metrics.runway(the_community, PARIS, moment) == {"days": 2, "furthest": 3}


def test_rituals_without_a_ready_next_occurrence(the_community, camille):
    moment = now()
    ritual = rituals.create_ritual(
        community=the_community, by=camille, title="La question du lundi", frequency="weekly",
        weekday=0, time=time(9), body="Votre méthode ?",
    )  # fmt: skip
    (unfilled,) = metrics.unfilled_rituals(the_community, moment)
    following = PlannedStatus.objects.filter(ritual=ritual, publish_at__gt=moment).order_by(
        "publish_at"
    )[0]
    assert unfilled["id"] == ritual.pk and unfilled["next_id"] == following.pk
    PlannedStatus.objects.filter(pk=following.pk).update(state="ready")
    assert metrics.unfilled_rituals(the_community, moment) == []
    # With no occurrence ahead at all, it is listed too.
    PlannedStatus.objects.filter(ritual=ritual).delete()
    (empty,) = metrics.unfilled_rituals(the_community, moment)
    assert empty["next_id"] is None


def test_only_mutes_still_in_force_are_counted(week):
    c, moment = week["community"], now()
    assert metrics.mutes_in_force(c, moment) == 0
    day = timedelta(days=1)
    Mute.objects.create(community=c, user=week["michu"], starts_at=moment - day,
                        ends_at=moment + 6 * day, removals=2, case=week["c1"])  # fmt: skip
    Mute.objects.create(community=c, user=week["olga"], starts_at=moment - 9 * day,
                        ends_at=moment - 2 * day, removals=2, case=week["c2"])  # fmt: skip
    assert metrics.mutes_in_force(c, moment) == 1  # the other one ended
