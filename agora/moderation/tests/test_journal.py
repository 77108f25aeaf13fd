"""The public journal and the members' notices (`services/journal.py`): one helper,
`record()`, writes the statement of reasons and the notice of the member it affects."""

from datetime import timedelta

import pytest

from agora.communities.models import Article, StewardMandate
from agora.communities.services import mandates
from agora.conversations import services as conversations
from agora.moderation.models import EntryKind, Notice
from agora.moderation.services import journal
from agora.testing.snapshots import snapshot


@pytest.fixture
def michu_s_post(the_community, member_michu):
    return conversations.write_post(
        community=the_community, author=member_michu, title="Avis", body="Le café est tiède."
    )


@pytest.fixture
def kindness(the_community):
    """Article 1 of the community's charter, version 1."""
    return Article.objects.get(charter_version__community=the_community, number=1)


# --- record -----------------------------------------------------------------------------------


def test_record_writes_the_statement_of_reasons_and_the_member_s_notice(
    the_community, member_michu, michu_s_post, kindness, clock
):
    until = clock.now() + timedelta(days=7)
    entry = journal.record(
        community=the_community, kind=EntryKind.REMOVED, recipient=member_michu,
        post=michu_s_post, article=kindness, facts="Un propos blessant.", votes=(1, 4),
        jury_size=5, jurors=["juror1", "juror2"], appeal_days=14, until=until,
    )  # fmt: skip
    assert entry.kind == EntryKind.REMOVED and entry.community == the_community
    entry.refresh_from_db()
    assert (entry.post_ref, entry.comment_ref) == (michu_s_post.pk, None)
    assert (entry.article_number, entry.article_title, entry.charter_version) == (1, "Kindness", 1)
    assert (entry.facts, entry.automated) == ("Un propos blessant.", False)
    assert (entry.keep_votes, entry.remove_votes, entry.jury_size) == (1, 4, 5)
    assert (entry.jurors, entry.appeal_days, entry.until) == (["juror1", "juror2"], 14, until)
    notice = Notice.objects.get(entry=entry)
    assert (notice.recipient, notice.community, notice.read_at) == (
        member_michu,
        the_community,
        None,
    )
    assert notice.created_at == entry.created_at


def test_record_of_a_comment_refers_to_it_and_to_its_post(
    the_community, camille, member_michu, michu_s_post
):
    comment = conversations.write_comment(post=michu_s_post, author=camille, body="Merci !")
    entry = journal.record(
        community=the_community, kind=EntryKind.FLAGGED, comment=comment, automated=True
    )
    entry.refresh_from_db()
    assert (entry.post_ref, entry.comment_ref, entry.automated) == (
        michu_s_post.pk,
        comment.pk,
        True,
    )


def test_record_without_anyone_affected_writes_no_notice(the_community):
    entry = journal.record(community=the_community, kind=EntryKind.MANDATE_ENDED, facts="@x")
    entry.refresh_from_db()
    assert (entry.post_ref, entry.article_number, entry.article_title) == (None, None, "")
    assert (entry.keep_votes, entry.remove_votes, entry.jurors) == (None, None, [])
    assert not Notice.objects.filter(entry=entry).exists()


def test_record_keeps_the_first_2000_characters_of_the_facts(the_community):
    entry = journal.record(community=the_community, kind=EntryKind.KEPT, facts="é" * 2500)
    entry.refresh_from_db()
    assert entry.facts == "é" * 2000


# --- item_kwargs ------------------------------------------------------------------------------


def test_item_kwargs_name_a_post_or_a_comment(michu_s_post, camille):
    comment = conversations.write_comment(post=michu_s_post, author=camille, body="Merci !")
    assert journal.item_kwargs(michu_s_post) == {"post": michu_s_post}
    assert journal.item_kwargs(comment) == {"comment": comment}


# --- record_mandate ---------------------------------------------------------------------------


def test_record_mandate_journals_a_grant_with_its_end_date(the_community, member_michu, clock):
    ends_at = clock.now() + timedelta(days=30)
    mandate = mandates.grant_stewardship(
        community=the_community, user=member_michu, reason="Summer help", ends_at=ends_at
    )
    entry = journal.record_mandate(mandate=mandate, change="granted")
    entry.refresh_from_db()
    assert (entry.kind, entry.community, entry.until) == (
        EntryKind.MANDATE_GRANTED,
        the_community,
        ends_at,
    )
    assert entry.facts == f"@michu (mandate #{mandate.pk})"
    assert not Notice.objects.filter(entry=entry).exists()


def test_record_mandate_journals_an_end_without_a_date(the_community, member_michu, clock):
    mandate = mandates.grant_stewardship(
        community=the_community, user=member_michu, reason="Summer help",
        ends_at=clock.now() + timedelta(days=30),
    )  # fmt: skip
    entry = journal.record_mandate(mandate=mandate, change="ended")
    entry.refresh_from_db()
    assert (entry.kind, entry.until) == (EntryKind.MANDATE_ENDED, None)
    assert entry.facts == f"@michu (mandate #{mandate.pk})"


def test_record_mandate_of_an_unknown_change_writes_nothing(the_community, camille):
    mandate = StewardMandate.objects.get(community=the_community, user=camille)
    before = snapshot()
    with pytest.raises(KeyError):
        journal.record_mandate(mandate=mandate, change="paused")
    assert snapshot() == before
