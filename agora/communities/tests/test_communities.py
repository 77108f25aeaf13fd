"""Creating a community: its founder, its address, its time zone."""

import pytest

from agora.communities import selectors
from agora.communities.models import Community, Membership
from agora.communities.services import communities
from agora.core.errors import InvalidInput, NotAllowed
from agora.testing.snapshots import snapshot

pytestmark = pytest.mark.django_db


def test_create_community_makes_founder_first_member_and_steward(camille):
    community = communities.create_community(
        founder=camille, name="Café", slug="cafe", description="", visibility="public"
    )
    assert community.member_count == 1
    assert Membership.objects.filter(community=community, user=camille).exists()
    assert selectors.is_steward(camille, community)
    keys = [m.key for m in selectors.missing_foundations(community)]
    assert keys == ["charter", "identity", "mindset"]


def test_create_community_refuses_unverified_founder(make_user):
    unverified = make_user("newbie", verified=False)
    with pytest.raises(NotAllowed):
        communities.create_community(
            founder=unverified, name="X", slug="xyz", description="", visibility="public"
        )
    assert Community.objects.count() == 0


def test_create_community_refuses_taken_or_reserved_slug(camille, community_factory):
    community_factory(founder=camille, slug="cafe")
    for slug in ("cafe", "new"):
        with pytest.raises(InvalidInput) as caught:
            communities.create_community(
                founder=camille, name="X", slug=slug, description="", visibility="public"
            )
        assert "slug" in caught.value.errors
    assert Community.objects.count() == 1


def test_set_time_zone_saves_the_community_s_zone(the_community, camille):
    before = Community.objects.get(pk=the_community.pk).updated_at
    result = communities.set_time_zone(
        community=the_community, by=camille, time_zone="America/Montreal"
    )
    assert (result, result.time_zone) == (the_community, "America/Montreal")
    the_community.refresh_from_db()
    assert the_community.time_zone == "America/Montreal"
    assert the_community.updated_at > before


def test_set_time_zone_by_a_member_is_refused_and_writes_nothing(the_community, member_michu):
    before = snapshot()
    with pytest.raises(NotAllowed):
        communities.set_time_zone(
            community=the_community, by=member_michu, time_zone="America/Montreal"
        )
    assert snapshot() == before
    assert the_community.time_zone == "Europe/Paris"  # nor on the object in hand


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "europe/paris", "Europe/Paris "])
def test_set_time_zone_refuses_an_unknown_zone_and_writes_nothing(the_community, camille, zone):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        communities.set_time_zone(community=the_community, by=camille, time_zone=zone)
    assert set(refused.value.errors) == {"time_zone"}
    assert snapshot() == before
    assert the_community.time_zone == "Europe/Paris"  # nor on the object in hand
