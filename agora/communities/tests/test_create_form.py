"""Starting a community: the address is made from the name when left empty, lower-cased when
typed with capitals; the identity's emoji policy comes with a default."""

import re

import pytest

from agora.communities.models import Community

pytestmark = pytest.mark.django_db


def create(client, **fields):
    data = {"name": "Brûlerie du Coin", "slug": "", "description": "", "visibility": "public"}
    return client.post("/c/new/", data | fields)


def test_an_empty_address_is_made_from_the_name(camille, client_for):
    response = create(client_for(camille))
    assert response.status_code == 302
    assert Community.objects.filter(slug="brulerie-du-coin", name="Brûlerie du Coin").exists()


def test_an_address_typed_with_capitals_is_lower_cased(camille, client_for):
    assert create(client_for(camille), slug="Torref-Club").status_code == 302
    assert Community.objects.filter(slug="torref-club").exists()


def test_a_name_that_gives_no_address_asks_for_one(camille, client_for):
    response = create(client_for(camille), name="☕ ☕")
    assert response.status_code == 400
    assert "Choose an address: the name gives none." in response.content.decode()
    assert not Community.objects.exists()


def test_the_identity_step_offers_a_default_emoji_policy(camille, client_for):
    client = client_for(camille)
    create(client)
    page = client.get("/c/brulerie-du-coin/setup/identity/").content.decode()
    assert re.search(r'name="emoji_policy" value="sparing"[^>]*checked', page)
    assert not re.search(r'name="emoji_policy" value="(none|free)"[^>]*checked', page)


def test_a_model_charter_to_adapt_in_the_stewards_language(camille, client_for):
    camille.language = "fr"
    camille.save(update_fields=["language"])
    client = client_for(camille)
    create(client)
    page = client.get("/c/brulerie-du-coin/setup/charter/").content.decode()
    assert 'href="?model=1"' in page
    model = client.get("/c/brulerie-du-coin/setup/charter/?model=1").content.decode()
    assert 'value="Bienveillance"' in model and 'value="Vie privée"' in model
    assert "On critique les idées, jamais les personnes." in model
    assert 'href="?model=1"' not in model
    # Adapted and published like any charter: nothing is published by looking at it.
    assert Community.objects.get().charter_versions.count() == 0
    data = {"articles-TOTAL_FORMS": "2", "articles-INITIAL_FORMS": "0",
            "articles-0-title": "Bienveillance", "articles-0-body": "On critique les idées.",
            "articles-1-title": "", "articles-1-body": ""}  # fmt: skip
    assert client.post("/c/brulerie-du-coin/setup/charter/", data).status_code == 302
    assert Community.objects.get().charter_versions.get().articles.count() == 1
