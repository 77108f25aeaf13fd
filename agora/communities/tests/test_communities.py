"""Creating a community: its founder, its address, its time zone."""

import pytest

from agora.communities import selectors
from agora.communities.models import Community, Membership
from agora.communities.services import communities
from agora.core.errors import InvalidInput, NotAllowed

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
