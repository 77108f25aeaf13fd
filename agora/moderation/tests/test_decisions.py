"""Deciding at the deadline (quorum, tie, fresh jurors) and what a decision sets off (mutes)."""

import pytest

from agora.conversations import services as conversations
from agora.moderation.models import (
    Draw,
    EntryKind,
    JournalEntry,
    ModerationSettings,
    Mute,
)
from agora.moderation.selectors import settings_of
from agora.moderation.services import decisions, draws, votes
from agora.moderation.services.screening import Muted

from .conftest import flag_until_case, remove_by_jury, seated


def test_at_the_deadline_a_quorum_decides_and_a_tie_keeps(jury_community, post, clock):
    ModerationSettings.objects.create(community=jury_community, quorum=2)
    assert settings_of(jury_community).quorum == 2
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    votes.cast_vote(case=case, juror=jurors[0], choice="remove")
    votes.cast_vote(case=case, juror=jurors[1], choice="keep")
    assert decisions.close_if_due(case=case) == "not due"
    clock.advance(hours=72, seconds=1)
    assert decisions.close_if_due(case=case) == "decided"
    case.refresh_from_db()
    assert (case.decision, case.keep_votes, case.remove_votes) == ("keep", 1, 1)
    post.refresh_from_db()
    assert post.moderation_state == "visible"


def test_without_quorum_the_silent_jurors_are_replaced(
    jury_community, post, clock, make_user, join
):
    extra = [join(make_user(f"late{n}"), jury_community) for n in range(6)]
    clock.advance(days=10)
    case = flag_until_case(post, jury_community.members[1:4])
    first = [j.user for j in seated(case)]
    votes.cast_vote(case=case, juror=first[0], choice="remove")
    clock.advance(hours=73)
    assert decisions.close_due_cases() == {"redrawn": 1}
    case.refresh_from_db()
    assert case.round == 2 and case.state == "open"
    now_seated = {j.user_id for j in seated(case)}
    assert first[0].pk in now_seated  # who voted stays
    assert not now_seated & {u.pk for u in first[1:]}  # the silent ones are released
    assert len(now_seated) >= 3
    assert Draw.objects.filter(case=case).count() == 2
    assert all(check.ok for check in draws.verify_draw(case))
    assert extra  # the late joiners made the second draw possible


def test_repeated_removals_mute_the_author_until_a_date_on_the_next_request(
    jury_community, make_user, join, clock
):
    for n in range(10):
        join(make_user(f"extra{n}"), jury_community)
    clock.advance(days=10)
    ModerationSettings.objects.create(community=jury_community, juror_rest_days=0)
    author = jury_community.members[0]
    for title in ("Un", "Deux"):
        post = conversations.write_post(
            community=jury_community, author=author, title=title, body="Texte."
        )
        remove_by_jury(jury_community, post)
    mute = Mute.objects.get(user=author)
    assert mute.removals == 2 and (mute.ends_at - mute.starts_at).days == 7
    assert JournalEntry.objects.filter(kind=EntryKind.MUTED, until=mute.ends_at).exists()
    with pytest.raises(Muted, match="muted in this community until"):
        conversations.write_post(community=jury_community, author=author, title="T", body="B")
    clock.advance(days=7, minutes=1)
    conversations.write_post(community=jury_community, author=author, title="T", body="B")
