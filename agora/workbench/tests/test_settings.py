"""The workbench settings (`services/settings.py`): Camille sets the community's preparation
choices; its time zone is saved on the community through `communities.set_time_zone`."""

import pytest

from agora.communities.models import Community
from agora.core.errors import InvalidInput, NotAllowed
from agora.testing.snapshots import snapshot
from agora.workbench.models import PILLAR_MAX, WorkbenchSettings
from agora.workbench.services import settings as workbench_settings

CHOICES = {
    "time_zone": "America/Montreal",
    "pillars": ["Coulisses", "Vos questions"],
    "approval_required": True,
    "response_target_hours": 8,
    "fact_review_days": 90,
    "saved_reply_repeat": 5,
}


def test_update_workbench_settings_saves_every_choice(the_community, camille):
    saved = workbench_settings.update_workbench_settings(
        community=the_community, by=camille, **CHOICES
    )
    assert (saved.community, saved.pillars, saved.approval_required) == (
        the_community,
        ["Coulisses", "Vos questions"],
        True,
    )
    row = WorkbenchSettings.objects.get(community=the_community)
    assert row.pk == saved.pk
    assert (row.pillars, row.approval_required) == (["Coulisses", "Vos questions"], True)
    assert (row.response_target_hours, row.fact_review_days, row.saved_reply_repeat) == (8, 90, 5)
    the_community.refresh_from_db()
    assert the_community.time_zone == "America/Montreal"


def test_update_workbench_settings_changes_only_what_is_given(the_community, camille):
    first = workbench_settings.update_workbench_settings(
        community=the_community, by=camille, **CHOICES
    )
    workbench_settings.update_workbench_settings(
        community=the_community, by=camille, response_target_hours=24
    )
    row = WorkbenchSettings.objects.get(community=the_community)
    assert (row.pk, row.response_target_hours) == (first.pk, 24)
    assert (row.pillars, row.saved_reply_repeat) == (["Coulisses", "Vos questions"], 5)
    assert Community.objects.get(pk=the_community.pk).time_zone == "America/Montreal"


def test_the_time_zone_is_saved_on_the_community(the_community, camille):
    workbench_settings.update_workbench_settings(
        community=the_community, by=camille, time_zone="Asia/Tokyo"
    )
    the_community.refresh_from_db()
    assert the_community.time_zone == "Asia/Tokyo"


def test_the_same_time_zone_leaves_the_community_untouched(the_community, camille):
    before = Community.objects.get(pk=the_community.pk).updated_at
    workbench_settings.update_workbench_settings(
        community=the_community, by=camille, time_zone="Europe/Paris", pillars=["Coulisses"]
    )
    after = Community.objects.get(pk=the_community.pk)
    assert (after.time_zone, after.updated_at) == ("Europe/Paris", before)
    assert WorkbenchSettings.objects.get(community=the_community).pillars == ["Coulisses"]


def test_update_workbench_settings_by_a_member_is_refused_and_writes_nothing(
    the_community, member_michu
):
    before = snapshot()
    with pytest.raises(NotAllowed):
        workbench_settings.update_workbench_settings(
            community=the_community, by=member_michu, **CHOICES
        )
    assert snapshot() == before


def test_a_bad_time_zone_writes_nothing_at_all(the_community, camille):
    """Not the zone, and not the other choices sent with it."""
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        workbench_settings.update_workbench_settings(
            community=the_community, by=camille, **dict(CHOICES, time_zone="Mars/Olympus")
        )
    assert set(refused.value.errors) == {"time_zone"}
    assert snapshot() == before
    assert the_community.time_zone == "Europe/Paris"  # nor on the object in hand


def test_a_good_time_zone_is_not_saved_when_another_choice_is_refused(the_community, camille):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        workbench_settings.update_workbench_settings(
            community=the_community, by=camille, **dict(CHOICES, response_target_hours=0)
        )
    assert set(refused.value.errors) == {"response_target_hours"}
    assert snapshot() == before


def test_every_bad_choice_is_named_at_once(the_community, camille):
    with pytest.raises(InvalidInput) as refused:
        workbench_settings.update_workbench_settings(
            community=the_community, by=camille, time_zone="Mars/Olympus",
            pillars=["Coulisses", "coulisses"], response_target_hours=721, fact_review_days=0,
            saved_reply_repeat=1,
        )  # fmt: skip
    assert set(refused.value.errors) == {
        "time_zone",
        "pillars",
        "response_target_hours",
        "fact_review_days",
        "saved_reply_repeat",
    }


@pytest.mark.parametrize(
    "values, field",
    [
        ({"pillars": [f"P{n}" for n in range(13)]}, "pillars"),
        ({"pillars": "Coulisses"}, "pillars"),
        ({"pillars": ["Coulisses", "   "]}, "pillars"),
        ({"pillars": ["x" * (PILLAR_MAX + 1)]}, "pillars"),
        ({"pillars": ["Coulisses", 3]}, "pillars"),
        ({"pillars": ["Vos questions", "VOS QUESTIONS"]}, "pillars"),
        ({"response_target_hours": 0}, "response_target_hours"),
        ({"response_target_hours": 721}, "response_target_hours"),
        ({"fact_review_days": 0}, "fact_review_days"),
        ({"saved_reply_repeat": 1}, "saved_reply_repeat"),
        ({"time_zone": ""}, "time_zone"),
    ],
)
def test_update_workbench_settings_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, values, field
):
    workbench_settings.update_workbench_settings(community=the_community, by=camille, **CHOICES)
    the_community.refresh_from_db()
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        workbench_settings.update_workbench_settings(community=the_community, by=camille, **values)
    assert set(refused.value.errors) == {field}
    assert snapshot() == before


def test_an_unknown_setting_is_refused_and_writes_nothing(the_community, camille):
    before = snapshot()
    with pytest.raises(InvalidInput):
        workbench_settings.update_workbench_settings(
            community=the_community, by=camille, pillars=["Coulisses"], colour="blue"
        )
    assert snapshot() == before
