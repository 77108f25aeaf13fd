"""Moderation's reads that every page asks for: the header's badges."""

import pytest

from agora.moderation.models import Juror, Notice
from agora.moderation.selectors import badge_counts
from agora.moderation.services import votes

from .conftest import flag_until_case, seated

pytestmark = pytest.mark.django_db


def test_badges_count_open_seats_without_a_vote_and_unread_notices(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    first, second, third = jurors[:3]
    assert badge_counts(first) == {"seats": 1, "unread": 0}
    votes.cast_vote(case=case, juror=first, choice="keep")
    assert badge_counts(first)["seats"] == 0  # voted: nothing waits for them
    Juror.objects.filter(case=case, user=second).update(released_at=case.opened_at)
    assert badge_counts(second)["seats"] == 0  # released from the jury
    votes.cast_vote(case=case, juror=third, choice="remove")
    for juror in jurors[3:5]:
        votes.cast_vote(case=case, juror=juror, choice="remove")
    case.refresh_from_db()
    assert case.state == "decided"
    assert badge_counts(second)["seats"] == 0
    # The removal's notice waits, unread, for the author; read, it leaves the badge.
    author = post.author
    assert badge_counts(author) == {"seats": 0, "unread": 1}
    Notice.objects.filter(recipient=author).update(read_at=case.decided_at)
    assert badge_counts(author) == {"seats": 0, "unread": 0}
