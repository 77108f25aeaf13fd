"""Secret calendar links (`services/feeds.py`): Camille subscribes to the calendar from her
own calendar application; only a hash of the secret is stored."""

import pytest

from agora.core.errors import NotAllowed
from agora.testing.snapshots import snapshot
from agora.workbench import selectors
from agora.workbench.models import CalendarFeed
from agora.workbench.services import feeds


def test_create_feed_returns_a_secret_of_which_only_a_hash_is_stored(the_community, camille):
    secret = feeds.create_feed(community=the_community, user=camille)
    feed = CalendarFeed.objects.get()
    assert (feed.community, feed.user, feed.revoked_at) == (the_community, camille, None)
    assert feed.secret_hash == CalendarFeed.hash(secret) != secret
    assert selectors.feed_for_secret(secret) == feed


def test_a_new_feed_revokes_the_previous_one(the_community, camille, clock):
    first = feeds.create_feed(community=the_community, user=camille)
    clock.advance(minutes=1)
    second = feeds.create_feed(community=the_community, user=camille)
    assert second != first
    assert selectors.feed_for_secret(first) is None
    assert selectors.feed_for_secret(second).secret_hash == CalendarFeed.hash(second)
    old = CalendarFeed.objects.get(secret_hash=CalendarFeed.hash(first))
    assert old.revoked_at is not None and old.revoked_at > old.created_at


def test_create_feed_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        feeds.create_feed(community=the_community, user=member_michu)
    assert snapshot() == before


def test_revoke_feed_stops_the_link_and_says_how_many_it_revoked(the_community, camille):
    secret = feeds.create_feed(community=the_community, user=camille)
    assert feeds.revoke_feed(community=the_community, user=camille) == 1
    assert selectors.feed_for_secret(secret) is None
    assert CalendarFeed.objects.get().revoked_at is not None
    assert feeds.revoke_feed(community=the_community, user=camille) == 0


def test_revoke_feed_touches_only_the_person_s_own_link(
    the_community, camille, second_steward, member_michu
):
    camille_s = feeds.create_feed(community=the_community, user=camille)
    sacha_s = feeds.create_feed(community=the_community, user=second_steward)
    before = snapshot()
    assert feeds.revoke_feed(community=the_community, user=member_michu) == 0
    assert snapshot() == before
    feeds.revoke_feed(community=the_community, user=second_steward)
    assert selectors.feed_for_secret(camille_s).user == camille
    assert selectors.feed_for_secret(sacha_s) is None


@pytest.mark.parametrize("secret", ["", "x" * 101, "not-a-secret-anybody-was-given"])
def test_feed_for_an_empty_overlong_or_unknown_secret_is_none(the_community, camille, secret):
    feeds.create_feed(community=the_community, user=camille)
    assert selectors.feed_for_secret(secret) is None


def test_feed_for_the_secret_itself_and_not_its_hash(the_community, camille):
    secret = feeds.create_feed(community=the_community, user=camille)
    assert selectors.feed_for_secret(CalendarFeed.hash(secret)) is None
    assert selectors.feed_for_secret(secret).community == the_community
