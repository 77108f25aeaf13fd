"""Health settings (`services/settings.py`): what counts as working hours, whether members
see a summary, when the digest goes out; chosen by Camille."""

import pytest

from agora.core.errors import InvalidInput, NotAllowed
from agora.health.models import HealthSettings
from agora.health.services import settings as health_settings
from agora.testing.snapshots import snapshot

CHOICES = {
    "public_summary": True,
    "work_days": [3, 0, 1, 1, 2],
    "work_starts": 8,
    "work_ends": 16,
    "digest_enabled": False,
    "digest_weekday": 4,
    "digest_hour": 17,
}


def test_update_health_settings_saves_every_choice(the_community, camille):
    result = health_settings.update_health_settings(community=the_community, by=camille, **CHOICES)
    assert (result.community, result.work_days) == (the_community, [0, 1, 2, 3])
    row = HealthSettings.objects.get(community=the_community)
    assert row.pk == result.pk
    assert (row.public_summary, row.work_days) == (True, [0, 1, 2, 3])  # sorted, once each
    assert (row.work_starts, row.work_ends) == (8, 16)
    assert (row.digest_enabled, row.digest_weekday, row.digest_hour) == (False, 4, 17)


def test_a_second_update_changes_the_same_row(the_community, camille):
    first = health_settings.update_health_settings(community=the_community, by=camille, **CHOICES)
    health_settings.update_health_settings(
        community=the_community, by=camille, **dict(CHOICES, public_summary="", work_ends=24)
    )
    row = HealthSettings.objects.get(community=the_community)
    assert (row.pk, row.public_summary, row.work_ends) == (first.pk, False, 24)


def test_update_health_settings_by_a_member_is_refused_and_writes_nothing(
    the_community, member_michu
):
    before = snapshot()
    with pytest.raises(NotAllowed):
        health_settings.update_health_settings(community=the_community, by=member_michu, **CHOICES)
    assert snapshot() == before


@pytest.mark.parametrize(
    "values, field",
    [
        ({"work_days": []}, "work_days"),
        ({"work_days": [7]}, "work_days"),
        ({"work_days": [-1, 2]}, "work_days"),
        ({"work_days": ["1"]}, "work_days"),
        ({"work_days": "0,1"}, "work_days"),
        ({"work_starts": 16, "work_ends": 16}, "work_ends"),
        ({"work_starts": 18, "work_ends": 9}, "work_ends"),
        ({"work_ends": 25}, "work_ends"),
        ({"work_starts": -1}, "work_ends"),
        ({"digest_weekday": 7}, "digest_weekday"),
        ({"digest_weekday": -1}, "digest_weekday"),
        ({"digest_hour": 24}, "digest_hour"),
    ],
)
def test_update_health_settings_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, values, field
):
    health_settings.update_health_settings(community=the_community, by=camille, **CHOICES)
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        health_settings.update_health_settings(
            community=the_community, by=camille, **dict(CHOICES, **values)
        )
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_every_bad_choice_is_named_at_once(the_community, camille):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        health_settings.update_health_settings(
            community=the_community, by=camille, public_summary=True, work_days=[],
            work_starts=20, work_ends=8, digest_enabled=True, digest_weekday=9, digest_hour=30,
        )  # fmt: skip
    assert set(refused.value.errors) == {"work_days", "work_ends", "digest_weekday", "digest_hour"}
    assert snapshot() == before
    assert not HealthSettings.objects.exists()
