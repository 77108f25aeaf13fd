"""Jurors' votes: a majority decides at once; outsiders, second votes and late votes are refused."""

import pytest

from agora.core.errors import Conflict, InvalidInput, NotAllowed
from agora.moderation.models import (
    EntryKind,
    JournalEntry,
    Notice,
)
from agora.moderation.services import votes

from .conftest import flag_until_case, seated


def test_a_majority_of_k_removes_the_item_once_with_journal_and_notice(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    votes.cast_vote(case=case, juror=jurors[0], choice="remove", reason="insult")
    votes.cast_vote(case=case, juror=jurors[1], choice="keep")
    votes.cast_vote(case=case, juror=jurors[2], choice="remove")
    case.refresh_from_db()
    assert case.state == "open"
    votes.cast_vote(case=case, juror=jurors[3], choice="remove")
    case.refresh_from_db()
    assert (case.state, case.decision, case.remove_votes, case.keep_votes) == (
        "decided",
        "remove",
        3,
        1,
    )
    post.refresh_from_db()
    assert post.moderation_state == "hidden"
    entry = JournalEntry.objects.get(case=case, kind=EntryKind.REMOVED)
    assert (entry.remove_votes, entry.keep_votes, entry.jury_size) == (3, 1, 5)
    assert entry.appeal_days == 14 and entry.post_ref == post.pk
    assert "tiède" not in entry.facts  # a reference, never the removed text
    assert Notice.objects.filter(recipient=post.author, entry=entry).exists()
    with pytest.raises(Conflict):  # the fifth juror is too late: the case is closed
        votes.cast_vote(case=case, juror=jurors[4], choice="keep")


def test_votes_from_outsiders_twice_or_after_the_deadline_are_refused(jury_community, post, clock):
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    outsider = jury_community.members[1]  # a flagger, not drawn
    with pytest.raises(NotAllowed):
        votes.cast_vote(case=case, juror=outsider, choice="remove")
    votes.cast_vote(case=case, juror=jurors[0], choice="keep")
    with pytest.raises(Conflict):
        votes.cast_vote(case=case, juror=jurors[0], choice="remove")
    with pytest.raises(InvalidInput):
        votes.cast_vote(case=case, juror=jurors[1], choice="maybe")
    clock.advance(hours=73)
    with pytest.raises(NotAllowed, match="deadline"):
        votes.cast_vote(case=case, juror=jurors[1], choice="remove")
    assert case.votes.count() == 1
