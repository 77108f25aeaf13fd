"""Joining is consenting to the current charter; a new version asks again; private stays hidden."""

import pytest

from agora.communities import selectors
from agora.communities.models import Membership
from agora.communities.permissions import ConsentRequired, check_can_contribute
from agora.communities.services import charter, membership
from agora.core.errors import Conflict, NotFound

pytestmark = pytest.mark.django_db


def test_joining_records_consent_with_version_and_time(the_community, michu):
    consent = membership.consent_to_charter(community=the_community, user=michu, version_number=1)
    assert consent.charter_version.number == 1
    assert consent.consented_at is not None
    the_community.refresh_from_db()
    assert the_community.member_count == 2
    with pytest.raises(Conflict):
        membership.consent_to_charter(community=the_community, user=michu, version_number=1)


def test_consent_to_a_stale_version_is_refused(the_community, camille, michu):
    charter.publish_charter_version(
        community=the_community, by=camille, articles=[{"title": "New", "body": "Rules."}]
    )
    with pytest.raises(Conflict):
        membership.consent_to_charter(community=the_community, user=michu, version_number=1)
    assert not Membership.objects.filter(user=michu).exists()


def test_new_version_asks_members_to_consent_again(the_community, camille, member_michu):
    check_can_contribute(member_michu, the_community)
    charter.publish_charter_version(
        community=the_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Criticise ideas, never people. Ever."}],
    )
    selectors.forget_access(member_michu)
    with pytest.raises(ConsentRequired) as caught:
        check_can_contribute(member_michu, the_community)
    assert caught.value.link.endswith("/consent/")
    membership.consent_to_charter(community=the_community, user=member_michu, version_number=2)
    check_can_contribute(member_michu, the_community)


def test_private_community_is_not_found_for_outsiders(community_factory, olga, michu, join):
    private = community_factory(visibility="private", slug="secret")
    with pytest.raises(NotFound):
        selectors.access_community(olga, "secret")
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotFound):
        selectors.access_community(AnonymousUser(), "secret")
    join(michu, private)
    assert selectors.access_community(michu, "secret") == private
