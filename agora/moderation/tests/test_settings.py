"""The community's moderation settings (`services/settings.py`), changed by Camille; a
combination that cannot work is refused, whole, with the field that breaks it."""

import pytest

from agora.core.errors import InvalidInput, NotAllowed
from agora.moderation.models import ModerationSettings
from agora.moderation.services import settings as moderation_settings
from agora.testing.snapshots import snapshot


def saved_settings(community):
    return ModerationSettings.objects.get(community=community)


def test_update_moderation_settings_saves_the_choices(the_community, camille):
    result = moderation_settings.update_moderation_settings(
        community=the_community, by=camille, jury_size=3, quorum=2, appeal_jury_size=5,
        journal_names_jurors=True, appeal_days=7,
    )  # fmt: skip
    assert (result.jury_size, result.quorum, result.journal_names_jurors) == (3, 2, True)
    row = saved_settings(the_community)
    assert row.pk == result.pk
    assert (row.jury_size, row.quorum, row.appeal_jury_size, row.appeal_days) == (3, 2, 5, 7)
    assert row.journal_names_jurors is True
    assert (row.flag_threshold, row.vote_hours) == (3, 72)  # the defaults, not given


def test_a_second_update_changes_the_same_row_and_keeps_the_rest(the_community, camille):
    first = moderation_settings.update_moderation_settings(
        community=the_community, by=camille, jury_size=3, quorum=2
    )
    moderation_settings.update_moderation_settings(
        community=the_community, by=camille, vote_hours=48
    )
    row = saved_settings(the_community)
    assert (row.pk, row.vote_hours, row.jury_size, row.quorum) == (first.pk, 48, 3, 2)
    assert ModerationSettings.objects.count() == 1


def test_update_moderation_settings_by_a_member_is_refused_and_writes_nothing(
    the_community, member_michu
):
    before = snapshot()
    with pytest.raises(NotAllowed):
        moderation_settings.update_moderation_settings(
            community=the_community, by=member_michu, jury_size=3, quorum=2
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    "values, fields",
    [
        ({"jury_size": 0, "quorum": 1}, {"jury_size", "quorum"}),
        ({"jury_size": 26, "appeal_jury_size": 27}, {"jury_size"}),
        ({"appeal_jury_size": 5}, {"appeal_jury_size"}),  # not larger than the jury of 5
        ({"appeal_jury_size": 32}, {"appeal_jury_size"}),
        ({"quorum": 0}, {"quorum"}),
        ({"quorum": 6}, {"quorum"}),  # more than the jury of 5
        ({"flag_threshold": 0}, {"flag_threshold"}),
        ({"vote_hours": 0}, {"vote_hours"}),
    ],
)
def test_update_moderation_settings_with_bad_input_is_refused_and_writes_nothing(
    the_community, camille, values, fields
):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        moderation_settings.update_moderation_settings(
            community=the_community, by=camille, **values
        )
    assert set(refused.value.errors) == fields
    assert snapshot() == before
    assert not ModerationSettings.objects.exists()  # not even the row of defaults


def test_a_change_is_checked_against_the_saved_settings(the_community, camille):
    moderation_settings.update_moderation_settings(
        community=the_community, by=camille, jury_size=3, quorum=2, appeal_jury_size=4
    )
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        moderation_settings.update_moderation_settings(
            community=the_community, by=camille, appeal_jury_size=3, vote_hours=24
        )
    assert set(refused.value.errors) == {"appeal_jury_size"}  # the saved jury has 3 members
    assert snapshot() == before
    assert saved_settings(the_community).vote_hours == 72


def test_an_unknown_setting_is_refused_and_writes_nothing(the_community, camille):
    before = snapshot()
    with pytest.raises(InvalidInput):
        moderation_settings.update_moderation_settings(
            community=the_community, by=camille, jury_size=3, quorum=2, jury_colour="red"
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("appeal_days", -1), ("mute_days", 0), ("juror_min_days", 40_000), ("vote_hours", 10**9)],
)
def test_numbers_out_of_range_are_refused_not_crashed_on(the_community, camille, field, value):
    """A negative or huge number reached the database and failed there (an IntegrityError,
    a 500 behind a page); it is refused first, naming the field."""
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        moderation_settings.update_moderation_settings(
            community=the_community, by=camille, **{field: value}
        )
    assert list(refused.value.errors) == [field]
    assert snapshot() == before
