"""Leaving a community: after a confirmation, through the web; a steward lays down their
mandate first; coming back is consenting again."""

import pytest
from django.test import Client

from agora.communities import selectors
from agora.communities.models import Membership

pytestmark = pytest.mark.django_db


def test_a_member_leaves_after_confirming_and_may_come_back(
    the_community, member_michu, client_for, join
):
    client = client_for(member_michu)
    page = client.get(f"/c/{the_community.slug}/")
    assert f"/c/{the_community.slug}/leave/" in page.content.decode()
    confirm = client.get(f"/c/{the_community.slug}/leave/")
    assert confirm.status_code == 200 and "What you wrote stays" in confirm.content.decode()
    the_community.refresh_from_db()
    count = the_community.member_count
    left = client.post(f"/c/{the_community.slug}/leave/", follow=True)
    assert "You left" in left.content.decode()
    assert not Membership.objects.filter(community=the_community, user=member_michu).exists()
    the_community.refresh_from_db()
    assert the_community.member_count == count - 1
    join(member_michu, the_community)  # consenting again
    assert selectors.is_member(member_michu, the_community)


def test_a_steward_lays_down_the_mandate_before_leaving(the_community, camille, client_for):
    client = client_for(camille)
    refused = client.post(f"/c/{the_community.slug}/leave/")
    assert refused.status_code == 400 and "lay down your mandate" in refused.content.decode()
    assert Membership.objects.filter(community=the_community, user=camille).exists()


def test_leaving_needs_the_csrf_token(the_community, member_michu, client_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_michu)
    assert client.post(f"/c/{the_community.slug}/leave/").status_code == 403
    assert Membership.objects.filter(community=the_community, user=member_michu).exists()
