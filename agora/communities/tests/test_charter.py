"""Charter versions: numbered, checked, never identical, published by stewards; the diff."""

import pytest

from agora.communities import selectors
from agora.communities.models import CharterVersion, Consent
from agora.communities.services import charter, identity
from agora.core.errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


def test_charter_versions_are_numbered_and_publisher_consents(the_community, camille):
    version = charter.publish_charter_version(
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
        charter.publish_charter_version(community=the_community, by=camille, articles=[])
    with pytest.raises(InvalidInput):
        charter.publish_charter_version(
            community=the_community, by=camille, articles=[{"title": "", "body": "text"}]
        )
    assert CharterVersion.objects.filter(community=the_community).count() == 1


def test_identical_charter_is_not_a_new_version(the_community, camille):
    current = selectors.current_charter(the_community)
    same = [{"title": a.title, "body": a.body} for a in current.articles.all()]
    with pytest.raises(InvalidInput):
        charter.publish_charter_version(community=the_community, by=camille, articles=same)


def test_only_stewards_publish_charter_identity_mindset(the_community, member_michu):
    with pytest.raises(NotAllowed):
        charter.publish_charter_version(
            community=the_community, by=member_michu, articles=[{"title": "A", "body": "B"}]
        )
    with pytest.raises(NotAllowed):
        identity.set_mindset(community=the_community, by=member_michu, values=["Mine"])


def test_charter_diff_marks_added_removed_and_changed_words(the_community, camille):
    old = selectors.current_charter(the_community)
    new = charter.publish_charter_version(
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
