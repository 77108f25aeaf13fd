import pytest

from agora.communities import selectors, services
from agora.communities.models import CharterVersion, Community, Consent, Membership
from agora.communities.permissions import ConsentRequired, check_can_contribute
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def test_create_community_makes_founder_first_member_and_steward(camille):
    community = services.create_community(
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
        services.create_community(
            founder=unverified, name="X", slug="xyz", description="", visibility="public"
        )
    assert Community.objects.count() == 0


def test_create_community_refuses_taken_or_reserved_slug(camille, community_factory):
    community_factory(founder=camille, slug="cafe")
    for slug in ("cafe", "new"):
        with pytest.raises(InvalidInput) as caught:
            services.create_community(
                founder=camille, name="X", slug=slug, description="", visibility="public"
            )
        assert "slug" in caught.value.errors
    assert Community.objects.count() == 1


def test_charter_versions_are_numbered_and_publisher_consents(the_community, camille):
    version = services.publish_charter_version(
        community=the_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Be kind, always."}, {"title": "", "body": ""}],
        summary="Kinder wording",
    )
    assert version.number == 2
    assert [a.number for a in version.articles.all()] == [1]
    assert Consent.objects.filter(user=camille, charter_version=version).exists()


def test_charter_version_needs_a_titled_article(the_community, camille):
    with pytest.raises(InvalidInput):
        services.publish_charter_version(community=the_community, by=camille, articles=[])
    with pytest.raises(InvalidInput):
        services.publish_charter_version(
            community=the_community, by=camille, articles=[{"title": "", "body": "text"}]
        )
    assert CharterVersion.objects.filter(community=the_community).count() == 1


def test_identical_charter_is_not_a_new_version(the_community, camille):
    current = selectors.current_charter(the_community)
    same = [{"title": a.title, "body": a.body} for a in current.articles.all()]
    with pytest.raises(InvalidInput):
        services.publish_charter_version(community=the_community, by=camille, articles=same)


def test_only_stewards_publish_charter_identity_mindset(the_community, member_michu):
    with pytest.raises(NotAllowed):
        services.publish_charter_version(
            community=the_community, by=member_michu, articles=[{"title": "A", "body": "B"}]
        )
    with pytest.raises(NotAllowed):
        services.set_mindset(community=the_community, by=member_michu, values=["Mine"])


def test_joining_records_consent_with_version_and_time(the_community, michu):
    consent = services.consent_to_charter(community=the_community, user=michu, version_number=1)
    assert consent.charter_version.number == 1
    assert consent.consented_at is not None
    the_community.refresh_from_db()
    assert the_community.member_count == 2
    with pytest.raises(Conflict):
        services.consent_to_charter(community=the_community, user=michu, version_number=1)


def test_consent_to_a_stale_version_is_refused(the_community, camille, michu):
    services.publish_charter_version(
        community=the_community, by=camille, articles=[{"title": "New", "body": "Rules."}]
    )
    with pytest.raises(Conflict):
        services.consent_to_charter(community=the_community, user=michu, version_number=1)
    assert not Membership.objects.filter(user=michu).exists()


def test_new_version_asks_members_to_consent_again(the_community, camille, member_michu):
    check_can_contribute(member_michu, the_community)
    services.publish_charter_version(
        community=the_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Criticise ideas, never people. Ever."}],
    )
    selectors.forget_access(member_michu)
    with pytest.raises(ConsentRequired) as caught:
        check_can_contribute(member_michu, the_community)
    assert caught.value.link.endswith("/consent/")
    services.consent_to_charter(community=the_community, user=member_michu, version_number=2)
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


def test_charter_diff_marks_added_removed_and_changed_words(the_community, camille):
    old = selectors.current_charter(the_community)
    new = services.publish_charter_version(
        community=the_community,
        by=camille,
        articles=[
            {"title": "Kindness", "body": "Criticise ideas, never persons."},
            {"title": "No spam", "body": "Announce commercial links as such."},
            {"title": "Privacy", "body": "No addresses."},
        ],
    )
    changes = {c.number: c for c in selectors.charter_diff(old, new)}
    assert changes[1].change == "changed"
    assert ("removed", "people.") in changes[1].words
    assert ("added", "persons.") in changes[1].words
    assert changes[2].change == "same"
    assert changes[3].change == "added"


def test_identity_terms_are_parsed_and_validated(the_community, camille):
    terms = services.parse_term_lines("clients -> membres\nSAV => l'équipe\n\n")
    assert terms == [
        {"term": "clients", "replacement": "membres"},
        {"term": "SAV", "replacement": "l'équipe"},
    ]
    with pytest.raises(InvalidInput) as caught:
        services.parse_term_lines("just a word")
    assert "preferred_terms" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        services.set_identity(
            community=the_community,
            by=camille,
            address_form="thou",
            emoji_policy="none",
            tone=[],
            preferred_terms=[],
            banned_terms=[],
            signature="",
            signature_required=True,
        )
    assert {"address_form", "signature"} <= set(caught.value.errors)


def test_grant_stewardship_adds_member_and_mandate(the_community, olga):
    services.grant_stewardship(community=the_community, user=olga, reason="vote")
    assert selectors.is_steward(olga, the_community)
    with pytest.raises(Conflict):
        services.grant_stewardship(community=the_community, user=olga, reason="again")
