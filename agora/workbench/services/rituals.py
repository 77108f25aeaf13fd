"""Rituals: recurring planned statuses whose occurrences are created ahead as drafts."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.core import zones
from agora.core.clock import now
from agora.core.errors import InvalidInput

from ..models import PlannedState, PlannedStatus, Ritual
from .calendar import check_planning


def occurrences(ritual: Ritual, start: date, end: date) -> list[date]:
    """The ritual's days in [start, end]."""
    days = []
    if ritual.frequency == Ritual.Frequency.WEEKLY:
        cursor = start + timedelta(days=(ritual.weekday - start.weekday()) % 7)
        while cursor <= end:
            days.append(cursor)
            cursor += timedelta(days=7)
    else:
        year, month = start.year, start.month
        while True:
            day = date(year, month, ritual.day_of_month)
            if day > end:
                break
            if day >= start:
                days.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _validate(
    *,
    community,
    title,
    body,
    frequency,
    weekday,
    day_of_month,
    at,
    weeks_ahead,
    objective_id,
    pillar,
) -> dict:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the ritual a title, e.g. “the Monday question”.")]
    elif len(title) > 200:
        errors["title"] = [_("At most %(n)d characters.") % {"n": 200}]
    body = (body or "").replace("\x00", "").strip()
    if len(body) > 10000:
        errors["body"] = [_("At most %(n)d characters.") % {"n": 10000}]
    if frequency == Ritual.Frequency.WEEKLY:
        if weekday is None or not 0 <= weekday <= 6:
            errors["weekday"] = [_("Choose a day of the week.")]
        day_of_month = None
    elif frequency == Ritual.Frequency.MONTHLY:
        if day_of_month is None or not 1 <= day_of_month <= 28:
            errors["day_of_month"] = [_("Choose a day between 1 and 28 (every month has it).")]
        weekday = None
    else:
        errors["frequency"] = [_("Choose every week or every month.")]
    if not isinstance(at, time):
        errors["time"] = [_("Choose a time.")]
    if not 1 <= (weeks_ahead or 0) <= 26:
        errors["weeks_ahead"] = [_("Between 1 and 26 weeks.")]
    objective, pillar = check_planning(community, objective_id, pillar, errors)
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    return {
        "title": title, "body": body, "frequency": frequency, "weekday": weekday,
        "day_of_month": day_of_month, "time": at, "weeks_ahead": weeks_ahead,
        "objective": objective, "pillar": pillar,
    }  # fmt: skip


@transaction.atomic
def create_ritual(
    *,
    community,
    by,
    title: str,
    frequency: str,
    time: time,
    body: str = "",
    weekday: int | None = None,
    day_of_month: int | None = None,
    weeks_ahead: int = 4,
    objective_id: int | None = None,
    pillar: str = "",
) -> Ritual:
    """A ritual, with its next occurrences in the calendar as drafts to fill in."""
    check_can_steward(by, community)
    fields = _validate(
        community=community, title=title, body=body, frequency=frequency, weekday=weekday,
        day_of_month=day_of_month, at=time, weeks_ahead=weeks_ahead,
        objective_id=objective_id, pillar=pillar,
    )  # fmt: skip
    ritual = Ritual.objects.create(community=community, created_by=by, created_at=now(), **fields)
    extend(ritual)
    return ritual


@transaction.atomic
def stop_ritual(*, ritual: Ritual, by) -> int:
    """No more occurrences; future drafts nobody touched are removed. Returns how many."""
    check_can_steward(by, ritual.community)
    Ritual.objects.filter(pk=ritual.pk).update(is_active=False)
    untouched = PlannedStatus.objects.filter(
        ritual=ritual,
        state=PlannedState.DRAFT,
        publish_at__gt=now(),
        title=ritual.title,
        body=ritual.body,
    )
    count, _rows = untouched.delete()
    return count


def extend(ritual: Ritual) -> int:
    """Create the drafts from the day after `planned_until` to `weeks_ahead` weeks ahead."""
    zone_name = ritual.community.time_zone
    today = zones.local(now(), zone_name).date()
    start = max(today, ritual.planned_until + timedelta(days=1)) if ritual.planned_until else today
    end = today + timedelta(weeks=ritual.weeks_ahead)
    if start > end:
        return 0
    moment = now()
    created = 0
    for day in occurrences(ritual, start, end):
        publish_at = zones.to_utc(day, ritual.time, zone_name)
        if publish_at <= moment:
            continue
        _row, was_created = PlannedStatus.objects.get_or_create(
            ritual=ritual,
            occurrence=day,
            defaults={
                "community_id": ritual.community_id,
                "author_id": ritual.created_by_id,
                "title": ritual.title,
                "body": ritual.body,
                "publish_at": publish_at,
                "objective_id": ritual.objective_id,
                "pillar": ritual.pillar,
                "created_at": moment,
                "updated_at": moment,
            },
        )
        created += was_created
    Ritual.objects.filter(pk=ritual.pk).update(planned_until=end)
    ritual.planned_until = end
    return created


def extend_rituals() -> int:
    """The sweep: keep every active ritual planned ahead (idempotent)."""
    total = 0
    for ritual in Ritual.objects.filter(is_active=True).select_related("community"):
        with transaction.atomic():
            total += extend(ritual)
    return total
