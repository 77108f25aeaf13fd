"""Flags, cases, juries, votes, urgent actions, appeals and mutes, through the services."""

import pytest

from agora.conversations import services as conversations
from agora.conversations.models import Post
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from agora.moderation.models import (
    Case,
    Draw,
    EntryKind,
    JournalEntry,
    Juror,
    ModerationSettings,
    Mute,
    Notice,
)
from agora.moderation.selectors import settings_of
from agora.moderation.services import cases, juries
from agora.moderation.services.screening import Muted


@pytest.fixture
def post(jury_community):
    author = jury_community.members[0]
    return conversations.write_post(
        community=jury_community, author=author, title="Avis", body="Le café était tiède."
    )


def flag_until_case(post, flaggers):
    for member in flaggers:
        cases.flag_item(member=member, post=post, article_number=1, note=f"note {member.handle}")
    return Case.objects.get(post=post)


def seated(case):
    return list(Juror.objects.filter(case=case, released_at__isnull=True).select_related("user"))


def test_flags_reach_the_threshold_and_a_jury_is_drawn_among_the_eligible(jury_community, post):
    author, *others = jury_community.members
    cases.flag_item(member=others[0], post=post, article_number=1)
    cases.flag_item(member=others[1], post=post, article_number=2, note="rude")
    assert not Case.objects.exists()  # threshold is 3
    case = flag_until_case(post, [others[2]])
    assert case.origin == "flags" and case.state == "open" and case.jury_size == 5
    jurors = {j.user_id for j in seated(case)}
    assert len(jurors) == 5
    assert author.pk not in jurors
    assert not jurors & {o.pk for o in others[:3]}  # flaggers never judge
    draw = Draw.objects.get(case=case)
    assert draw.eligible == sorted(draw.eligible)
    assert sorted(draw.drawn) == sorted(jurors)
    assert all(check.ok for check in juries.verify_draw(case))
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.CASE_OPENED).exists()


def test_one_flag_per_member_and_never_on_your_own_post(jury_community, post):
    author, member = jury_community.members[:2]
    cases.flag_item(member=member, post=post, article_number=1)
    with pytest.raises(Conflict):
        cases.flag_item(member=member, post=post, article_number=2)
    with pytest.raises(NotAllowed):
        cases.flag_item(member=author, post=post, article_number=1)
    with pytest.raises(InvalidInput, match="article of the current charter"):
        cases.flag_item(member=jury_community.members[2], post=post, article_number=9)


def test_the_draw_is_reproducible_and_a_tampered_draw_is_detected(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    draw = Draw.objects.get(case=case)
    assert juries.draw_from(seed=draw.seed, eligible=draw.eligible, size=5) == draw.drawn
    Draw.objects.filter(pk=draw.pk).update(drawn=list(reversed(draw.drawn)))
    assert not juries.verify_draw(case)[0].ok


def test_a_majority_of_k_removes_the_item_once_with_journal_and_notice(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    juries.cast_vote(case=case, juror=jurors[0], choice="remove", reason="insult")
    juries.cast_vote(case=case, juror=jurors[1], choice="keep")
    juries.cast_vote(case=case, juror=jurors[2], choice="remove")
    case.refresh_from_db()
    assert case.state == "open"
    juries.cast_vote(case=case, juror=jurors[3], choice="remove")
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
        juries.cast_vote(case=case, juror=jurors[4], choice="keep")


def test_votes_from_outsiders_twice_or_after_the_deadline_are_refused(jury_community, post, clock):
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    outsider = jury_community.members[1]  # a flagger, not drawn
    with pytest.raises(NotAllowed):
        juries.cast_vote(case=case, juror=outsider, choice="remove")
    juries.cast_vote(case=case, juror=jurors[0], choice="keep")
    with pytest.raises(Conflict):
        juries.cast_vote(case=case, juror=jurors[0], choice="remove")
    with pytest.raises(InvalidInput):
        juries.cast_vote(case=case, juror=jurors[1], choice="maybe")
    clock.advance(hours=73)
    with pytest.raises(NotAllowed, match="deadline"):
        juries.cast_vote(case=case, juror=jurors[1], choice="remove")
    assert case.votes.count() == 1


def test_at_the_deadline_a_quorum_decides_and_a_tie_keeps(jury_community, post, clock):
    ModerationSettings.objects.create(community=jury_community, quorum=2)
    assert settings_of(jury_community).quorum == 2
    case = flag_until_case(post, jury_community.members[1:4])
    jurors = [j.user for j in seated(case)]
    juries.cast_vote(case=case, juror=jurors[0], choice="remove")
    juries.cast_vote(case=case, juror=jurors[1], choice="keep")
    assert juries.close_if_due(case=case) == "not due"
    clock.advance(hours=72, seconds=1)
    assert juries.close_if_due(case=case) == "decided"
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
    juries.cast_vote(case=case, juror=first[0], choice="remove")
    clock.advance(hours=73)
    assert juries.close_due_cases() == {"redrawn": 1}
    case.refresh_from_db()
    assert case.round == 2 and case.state == "open"
    now_seated = {j.user_id for j in seated(case)}
    assert first[0].pk in now_seated  # who voted stays
    assert not now_seated & {u.pk for u in first[1:]}  # the silent ones are released
    assert len(now_seated) >= 3
    assert Draw.objects.filter(case=case).count() == 2
    assert all(check.ok for check in juries.verify_draw(case))
    assert extra  # the late joiners made the second draw possible


def test_a_steward_hides_at_once_citing_an_article_and_a_jury_can_overturn(
    jury_community, post, camille
):
    with pytest.raises(NotAllowed):
        cases.hide_urgently(
            steward=jury_community.members[1], post=post, article_number=1, reason="x" * 20
        )
    with pytest.raises(InvalidInput, match="reason"):
        cases.hide_urgently(steward=camille, post=post, article_number=1, reason="bad")
    case = cases.hide_urgently(
        steward=camille, post=post, article_number=1, reason="Insulte envers un barista."
    )
    post.refresh_from_db()
    assert post.moderation_state == "hidden" and case.origin == "steward"
    assert case.opened_by == camille
    entry = JournalEntry.objects.get(case=case, kind=EntryKind.URGENT)
    assert entry.facts == "Insulte envers un barista."
    assert Notice.objects.filter(recipient=post.author, entry=entry).exists()
    assert not Post.objects.filter(pk=post.pk, moderation_state="visible").exists()
    jurors = [j.user for j in seated(case)]
    for juror in jurors[:3]:
        juries.cast_vote(case=case, juror=juror, choice="keep")
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.KEPT).exists()
    assert Notice.objects.filter(recipient=post.author).count() == 2  # hidden, then restored


def _removed(jury_community, post):
    case = flag_until_case(post, jury_community.members[1:4])
    for juror in [j.user for j in seated(case)][:3]:
        juries.cast_vote(case=case, juror=juror, choice="remove")
    case.refresh_from_db()
    return case


def test_one_appeal_within_the_delay_to_a_larger_fresh_jury_which_is_final(
    jury_community, post, make_user, join, clock
):
    for n in range(12):
        join(make_user(f"fresh{n}"), jury_community)
    clock.advance(days=10)
    case = _removed(jury_community, post)
    with pytest.raises(NotAllowed):
        cases.appeal_case(case=case, by=jury_community.members[1], reason="Not mine to appeal")
    appeal = cases.appeal_case(case=case, by=post.author, reason="Je citais le menu, pas lui.")
    assert appeal.appeal_of == case and appeal.jury_size == 7
    assert appeal.appeal_reason == "Je citais le menu, pas lui."
    opened = JournalEntry.objects.get(case=appeal, kind=EntryKind.APPEALED)
    assert opened.jury_size == 7
    assert not JournalEntry.objects.filter(facts__contains="menu").exists()  # jurors only
    first = set(case.jurors.values_list("user_id", flat=True))
    second = {j.user_id for j in seated(appeal)}
    assert len(second) == 7 and not first & second
    with pytest.raises(Conflict):
        cases.appeal_case(case=case, by=post.author, reason="Once more, please.")
    for juror in [j.user for j in seated(appeal)][:4]:
        juries.cast_vote(case=appeal, juror=juror, choice="keep")
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    entry = JournalEntry.objects.get(case=appeal, kind=EntryKind.APPEAL_KEPT)
    assert entry.appeal_days is None  # final
    with pytest.raises(Conflict, match="final"):
        cases.appeal_case(case=appeal, by=post.author, reason="And again please.")


def test_no_appeal_after_the_delay(jury_community, post, clock):
    case = _removed(jury_community, post)
    clock.advance(days=15)
    with pytest.raises(NotAllowed, match="14 days"):
        cases.appeal_case(case=case, by=post.author, reason="I was on holiday.")


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
        _removed(jury_community, post)
    mute = Mute.objects.get(user=author)
    assert mute.removals == 2 and (mute.ends_at - mute.starts_at).days == 7
    assert JournalEntry.objects.filter(kind=EntryKind.MUTED, until=mute.ends_at).exists()
    with pytest.raises(Muted, match="muted in this community until"):
        conversations.write_post(community=jury_community, author=author, title="T", body="B")
    clock.advance(days=7, minutes=1)
    conversations.write_post(community=jury_community, author=author, title="T", body="B")


def test_flagging_a_hidden_or_deleted_item_is_not_found(jury_community, post, camille):
    cases.hide_urgently(steward=camille, post=post, article_number=1, reason="Urgent reason.")
    post.refresh_from_db()
    with pytest.raises(NotFound):
        cases.flag_item(member=jury_community.members[1], post=post, article_number=1)
