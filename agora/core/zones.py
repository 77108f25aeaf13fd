"""Community time: days and hours are entered and shown in the community's zone
(`Community.time_zone`) and stored in UTC. Every app may read these helpers."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import InvalidInput

WEEKDAYS = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def valid_zone(name: str) -> str:
    if name not in zone_names():
        raise InvalidInput(
            _("Unknown time zone. Use a name such as Europe/Paris or America/Montreal."),
            errors={"time_zone": [_("Unknown time zone.")]},
        )
    return name


_NAMES: frozenset[str] | None = None


def zone_names() -> frozenset[str]:
    global _NAMES
    if _NAMES is None:
        _NAMES = frozenset(available_timezones())
    return _NAMES


def to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of a wall-clock time in the community's zone.

    A time that does not exist that day (the hour skipped when clocks go forward) is moved
    forward by the gap, as calendar applications do; a time that happens twice (clocks go
    back) is the first of the two.
    """
    return datetime.combine(day, at).replace(tzinfo=zone(zone_name), fold=0).astimezone(UTC)


def local(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(zone(zone_name))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
