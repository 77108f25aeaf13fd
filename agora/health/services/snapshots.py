"""Snapshots of the health figures: the worker recomputes the 7-, 30- and 90-day presets of
every community into one row each, so the dashboard reads one row whatever the community's
size; a chosen period is computed when first asked for and kept a while."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.communities.models import Community
from agora.core import zones
from agora.core.clock import now
from agora.core.errors import InvalidInput
from agora.workbench import selectors as workbench_selectors
from agora.workbench.inbox import inbox
from agora.workbench.models import Objective

from .. import attention, metrics, objectives, selectors
from ..models import HealthSettings, HealthSnapshot

log = logging.getLogger(__name__)

PRESETS = (7, 30, 90)
CUSTOM_MAX_DAYS = 366
CUSTOM_KEEP = timedelta(minutes=15)
OBJECTIVES_SINCE_DAYS = 90  # objectives that ended longer ago are no longer measured


def _hours_of(health: HealthSettings) -> dict:
    return {"work_days": health.work_days, "starts": health.work_starts, "ends": health.work_ends}


def _present(community, zone_name: str, moment) -> dict:
    """What is true now, whatever the period: preparation, the inbox, mutes."""
    items = inbox(community)
    return {
        "runway": metrics.runway(community, zone_name, moment),
        "rituals_unfilled": metrics.unfilled_rituals(community, moment),
        "inbox_total": len(items),
        "inbox_overdue": sum(i.overdue for i in items),
        "mutes_in_force": metrics.mutes_in_force(community, moment),
    }


def compute(community, windows: list[metrics.Window], moment=None) -> list[dict]:
    """The figures of each window (all local-day windows of the same community), reading the
    big tables once for the span that covers them and their previous windows."""
    moment = moment or now()
    zone_name = community.time_zone
    target = workbench_selectors.settings_of(community).response_target_hours
    health = selectors.settings_of(community)
    first = min(w.previous(zone_name).first_day for w in windows)
    last = max(w.last_day for w in windows)
    span = metrics.window(first, last, zone_name, moment)
    rows = metrics.collect(community, span, zone_name)
    people = selectors.people_named(
        {a[0] for a in rows.steward_acts} | {q["first_by"] for q in rows.questions}
    )
    present = _present(community, zone_name, moment)
    measured = _objectives(community, zone_name, moment, present)  # the same for every window
    results = []
    for w in windows:
        figures = metrics.summarise(
            rows, w, target_hours=target, hours=_hours_of(health), people=people, moment=moment
        )
        figures["present"] = present
        figures["objectives"] = measured
        figures["attention"] = attention.rank(figures)
        figures["computed_at"] = moment.isoformat()
        results.append(figures)
    return results


def _objectives(community, zone_name, moment, present) -> list[dict]:
    """Each indicator of a recent objective: its recognised metric, measured over the
    objective's period (up to today)."""
    today = zones.local(moment, zone_name).date()
    result = []
    cache = {}
    recent = Objective.objects.filter(
        community=community,
        ends_on__gte=today - timedelta(days=OBJECTIVES_SINCE_DAYS),
        starts_on__lte=today,
    ).prefetch_related("indicators")
    for objective in recent:
        last = min(objective.ends_on, today)
        w = metrics.window(objective.starts_on, last, zone_name, moment)
        for indicator in objective.indicators.all():
            found = objectives.recognise(indicator.name)
            entry = {
                "objective_id": objective.pk,
                "objective": objective.title,
                "first_day": objective.starts_on.isoformat(),
                "last_day": objective.ends_on.isoformat(),
                "indicator": indicator.name,
                "target_text": indicator.target,
                "metric": None,
                "hours": None,
                "value": None,
                "target": objectives.target_value(indicator.target),
                "met": None,
            }
            if found:
                key, hours = found
                if (w.first_day, w.last_day) not in cache:
                    rows = metrics.collect(community, w, zone_name)
                    cache[(w.first_day, w.last_day)] = rows
                rows = cache[(w.first_day, w.last_day)]
                summary = {
                    "self": {k: {"value": v} for k, v in metrics._self_management(rows, w).items()},
                    "response": metrics._response(
                        rows, w, workbench_selectors.settings_of(community).response_target_hours,
                        moment,
                    ),
                    "answered_within": {
                        str(hours): metrics._response(rows, w, hours, moment)["within_target"]
                    } if hours else {},
                }  # fmt: skip
                value = objectives.measure(key, hours, summary, present["runway"]["days"])
                entry.update(metric=key, hours=hours, value=value)
                entry["met"] = objectives.met(key, value, entry["target"])
            result.append(entry)
    return result


def _store(community, period_days: int, figures: dict, moment) -> HealthSnapshot:
    """Write (or overwrite) a period's snapshot. Two workers refreshing the same community at
    once both succeed: the second one's insert fails on the unique period and it updates."""
    key = {"community": community, "period_days": period_days,
           "first_day": figures["first_day"], "last_day": figures["last_day"]}  # fmt: skip
    for attempt in range(2):
        try:
            with transaction.atomic():
                snapshot, _created = HealthSnapshot.objects.update_or_create(
                    **key, defaults={"computed_at": moment, "figures": figures}
                )
            return snapshot
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def refresh(community, moment=None) -> list[HealthSnapshot]:
    """Recompute the preset periods (7, 30, 90 days ending today) of one community."""
    moment = moment or now()
    zone_name = community.time_zone
    windows = [metrics.last_days(days, zone_name, moment) for days in PRESETS]
    snapshots = []
    for days, figures in zip(PRESETS, compute(community, windows, moment), strict=True):
        snapshots.append(_store(community, days, figures, moment))
    # Yesterday's presets and expired custom periods are no longer read.
    HealthSnapshot.objects.filter(community=community, computed_at__lt=moment - timedelta(days=2)
                                  ).delete()  # fmt: skip
    return snapshots


# Figures older than two refresh intervals mean no worker is refreshing: compute them here.
STALE_AFTER = 2


def preset(community, days: int) -> HealthSnapshot:
    """The worker's latest snapshot of the last `days` days, or a fresh one if none is
    recent (a new community, a stopped worker)."""
    zone_name = community.time_zone
    moment = now()
    w = metrics.last_days(days, zone_name, moment)
    fresh_since = moment - timedelta(
        seconds=STALE_AFTER * django_settings.AGORA_HEALTH_REFRESH_SECONDS
    )
    snapshot = (
        HealthSnapshot.objects.filter(
            community=community, period_days=days, last_day=w.last_day,
            computed_at__gte=fresh_since,
        ).order_by("-computed_at").first()
    )  # fmt: skip
    if snapshot is None:
        snapshot = {s.period_days: s for s in refresh(community, moment)}[days]
    return snapshot


def refresh_all() -> int:
    """The worker's sweep: every community's presets. Returns how many were refreshed."""
    count = 0
    for community in Community.objects.order_by("pk"):
        try:
            refresh(community)
            count += 1
        except Exception:  # one community's failure must not stop the others
            log.exception("health refresh of community %s failed", community.pk)
    return count


def custom_window(community, first_day, last_day, moment=None) -> metrics.Window:
    """A period a steward chose, checked: ordered, not in the future, at most a year."""
    moment = moment or now()
    zone_name = community.time_zone
    today = zones.local(moment, zone_name).date()
    if first_day is None or last_day is None:
        raise InvalidInput(_("Choose the first and the last day of the period."))
    if last_day < first_day:
        raise InvalidInput(_("The period ends after it starts."))
    if first_day > today:
        raise InvalidInput(_("The period starts in the future; choose days up to today."))
    last_day = min(last_day, today)
    if (last_day - first_day).days + 1 > CUSTOM_MAX_DAYS:
        raise InvalidInput(_("A period has at most %(days)d days.") % {"days": CUSTOM_MAX_DAYS})
    return metrics.window(first_day, last_day, zone_name, moment)


def custom_period(community, first_day, last_day) -> HealthSnapshot:
    """A chosen period's figures, computed now unless computed in the last 15 minutes."""
    moment = now()
    w = custom_window(community, first_day, last_day, moment)
    kept = HealthSnapshot.objects.filter(
        community=community, period_days=0, first_day=w.first_day, last_day=w.last_day,
        computed_at__gte=moment - CUSTOM_KEEP,
    ).first()  # fmt: skip
    if kept:
        return kept
    (figures,) = compute(community, [w], moment)
    return _store(community, 0, figures, moment)
