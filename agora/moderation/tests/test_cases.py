"""Flags, steward urgent actions and appeals: how a case opens, through the services."""

import pytest

from agora.conversations.models import Post
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from agora.moderation.models import (
    Case,
    Draw,
    EntryKind,
    JournalEntry,
    Notice,
)
from agora.moderation.services import cases, draws, votes

from .conftest import flag_until_case, remove_by_jury, seated


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
    assert all(check.ok for check in draws.verify_draw(case))
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
        votes.cast_vote(case=case, juror=juror, choice="keep")
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    assert JournalEntry.objects.filter(case=case, kind=EntryKind.KEPT).exists()
    assert Notice.objects.filter(recipient=post.author).count() == 2  # hidden, then restored


def test_one_appeal_within_the_delay_to_a_larger_fresh_jury_which_is_final(
    jury_community, post, make_user, join, clock
):
    for n in range(12):
        join(make_user(f"fresh{n}"), jury_community)
    clock.advance(days=10)
    case = remove_by_jury(jury_community, post)
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
        votes.cast_vote(case=appeal, juror=juror, choice="keep")
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    entry = JournalEntry.objects.get(case=appeal, kind=EntryKind.APPEAL_KEPT)
    assert entry.appeal_days is None  # final
    with pytest.raises(Conflict, match="final"):
        cases.appeal_case(case=appeal, by=post.author, reason="And again please.")


def test_no_appeal_after_the_delay(jury_community, post, clock):
    case = remove_by_jury(jury_community, post)
    clock.advance(days=15)
    with pytest.raises(NotAllowed, match="14 days"):
        cases.appeal_case(case=case, by=post.author, reason="I was on holiday.")


def test_flagging_a_hidden_or_deleted_item_is_not_found(jury_community, post, camille):
    cases.hide_urgently(steward=camille, post=post, article_number=1, reason="Urgent reason.")
    post.refresh_from_db()
    with pytest.raises(NotFound):
        cases.flag_item(member=jury_community.members[1], post=post, article_number=1)
