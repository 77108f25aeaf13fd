"""Members' notices (`services/notices.py`): Madame Michu reads the notices of Camille's
urgent actions on her posts; reading marks them read, once, and only hers."""

import pytest

from agora.conversations import services as conversations
from agora.moderation.models import Notice
from agora.moderation.services import cases
from agora.moderation.services import notices as notice_services
from agora.testing.snapshots import snapshot


@pytest.fixture
def michu_s_notices(the_community, camille, member_michu):
    """Two of Michu's posts hidden by Camille's urgent action: two notices for Michu."""
    for title in ("Avis", "Autre avis"):
        post = conversations.write_post(
            community=the_community, author=member_michu, title=title, body="Le café est tiède."
        )
        cases.hide_urgently(
            steward=camille, post=post, article_number=1, reason="Un propos blessant, retiré."
        )
    return list(Notice.objects.filter(recipient=member_michu).order_by("pk"))


def unread(user):
    return list(Notice.objects.filter(recipient=user, read_at__isnull=True).order_by("pk"))


def test_mark_read_marks_the_member_s_notices_read_now(member_michu, michu_s_notices, clock):
    clock.advance(hours=2)
    earliest = clock.now()
    assert notice_services.mark_read(user=member_michu, ids=[n.pk for n in michu_s_notices]) == 2
    latest = clock.now()
    for notice in michu_s_notices:
        notice.refresh_from_db()
        assert earliest <= notice.read_at <= latest
    assert unread(member_michu) == []


def test_mark_read_marks_only_the_notices_given(member_michu, michu_s_notices):
    first, second = michu_s_notices
    assert notice_services.mark_read(user=member_michu, ids=[first.pk]) == 1
    assert unread(member_michu) == [second]


def test_a_notice_is_marked_read_once(member_michu, michu_s_notices, clock):
    first, second = michu_s_notices
    notice_services.mark_read(user=member_michu, ids=[first.pk])
    first.refresh_from_db()
    read_at = first.read_at
    clock.advance(days=1)
    assert notice_services.mark_read(user=member_michu, ids=[first.pk, second.pk]) == 1
    first.refresh_from_db()
    assert first.read_at == read_at  # when she first read it
    assert unread(member_michu) == []


def test_mark_read_of_someone_else_s_notices_writes_nothing(olga, camille, michu_s_notices):
    ids = [n.pk for n in michu_s_notices]
    before = snapshot()
    assert notice_services.mark_read(user=olga, ids=ids) == 0
    assert notice_services.mark_read(user=camille, ids=ids) == 0
    assert snapshot() == before


@pytest.mark.parametrize("ids", [[], [999_999]])
def test_mark_read_of_no_or_unknown_notices_writes_nothing(member_michu, michu_s_notices, ids):
    before = snapshot()
    assert notice_services.mark_read(user=member_michu, ids=ids) == 0
    assert snapshot() == before
