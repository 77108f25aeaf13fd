"""Community time (`core.zones`): wall-clock days and hours in the community's zone, stored
in UTC, across the nights clocks change."""

from datetime import UTC, date, datetime, time

import pytest

from agora.core import zones
from agora.core.errors import InvalidInput


def test_a_skipped_hour_moves_forward_and_a_doubled_one_is_the_first():
    assert zones.to_utc(date(2030, 3, 31), time(2, 30), "Europe/Paris") == datetime(
        2030, 3, 31, 1, 30, tzinfo=UTC
    )  # 03:30 summer time: the hour from 02:00 does not exist that night
    assert zones.to_utc(date(2030, 10, 27), time(2, 30), "Europe/Paris") == datetime(
        2030, 10, 27, 0, 30, tzinfo=UTC
    )  # the first 02:30 of the night clocks go back


def test_local_time_and_week_start():
    moment = datetime(2030, 7, 1, 22, 30, tzinfo=UTC)
    assert zones.local(moment, "America/Montreal").hour == 18
    assert zones.week_start(date(2030, 7, 4)) == date(2030, 7, 1)  # a Thursday → its Monday


def test_unknown_zones_are_refused_with_the_field_named():
    assert zones.valid_zone("America/Montreal") == "America/Montreal"
    with pytest.raises(InvalidInput) as refused:
        zones.valid_zone("Mars/Olympus")
    assert list(refused.value.errors) == ["time_zone"]
