import pytest

from agora.communities.models import Community, Consent

pytestmark = pytest.mark.django_db


def test_wizard_from_basics_to_a_community_that_can_speak(client_for, camille):
    client = client_for(camille)
    response = client.post(
        "/c/new/",
        {"name": "Café", "slug": "cafe", "description": "Du café.", "visibility": "public"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/c/cafe/setup/charter/"
    refused = client.post("/c/cafe/statuses/new/", {"body": "Hello"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "/c/cafe/setup/charter/" in body and "charter" in body
    formset = {
        "articles-TOTAL_FORMS": "3",
        "articles-INITIAL_FORMS": "0",
        "articles-0-title": "Kindness",
        "articles-0-body": "Be kind.",
        "articles-1-title": "",
        "articles-1-body": "",
        "articles-2-title": "Privacy",
        "articles-2-body": "No addresses.",
    }
    assert client.post("/c/cafe/setup/charter/", formset)["Location"] == "/c/cafe/setup/identity/"
    identity = {
        "address_form": "vous",
        "tone": "warm, precise",
        "preferred_terms": "clients -> membres",
        "banned_terms": "interdit",
        "emoji_policy": "sparing",
        "signature": "",
        "preferred_length": "600",
        "language": "fr",
    }
    assert client.post("/c/cafe/setup/identity/", identity)["Location"] == "/c/cafe/setup/mindset/"
    refused = client.post("/c/cafe/statuses/new/", {"body": "Hello"})
    assert refused.status_code == 409
    assert "/c/cafe/setup/mindset/" in refused.content.decode()
    response = client.post("/c/cafe/setup/mindset/", {"values": "Nobody rules.\nWe listen."})
    assert response["Location"] == "/c/cafe/"
    published = client.post("/c/cafe/statuses/new/", {"body": "Bonjour à tous !"})
    assert published.status_code == 302
    page = client.get("/c/cafe/").content.decode()
    assert "Bonjour à tous !" in page
    community = Community.objects.get(slug="cafe")
    assert community.post_count == 1
    assert community.identity.preferred_terms == [{"term": "clients", "replacement": "membres"}]


def test_join_page_shows_charter_and_records_consent(client_for, the_community, michu):
    client = client_for(michu)
    page = client.get("/c/the-community/join/").content.decode()
    assert "Kindness" in page and "Nobody outranks anybody." in page
    missing_box = client.post("/c/the-community/join/", {"version": "1"})
    assert missing_box.status_code == 400
    assert "Tick the box" in missing_box.content.decode()
    response = client.post("/c/the-community/join/", {"version": "1", "agree": "on"})
    assert response.status_code == 302
    assert Consent.objects.filter(user=michu, charter_version__number=1).exists()


def test_member_asked_to_consent_again_before_commenting(
    client_for, the_community, camille, member_michu
):
    from agora.communities.services.charter import publish_charter_version
    from agora.conversations.services import publish_status

    status = publish_status(community=the_community, by=camille, body="Hello")
    publish_charter_version(
        community=the_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Criticise ideas, not people."}],
        summary="Shorter charter",
    )
    client = client_for(member_michu)
    response = client.post(f"/c/the-community/p/{status.pk}/comments/", {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/c/the-community/consent/")
    consent_page = client.get(response["Location"]).content.decode()
    assert "has changed" in consent_page and "Shorter charter" in consent_page
    assert 'data-testid="charter-diff"' in consent_page
    assert status.comments.count() == 0


def test_steward_pages_refuse_members(client_for, member_michu):
    client = client_for(member_michu)
    for url in ("/c/the-community/setup/identity/", "/c/the-community/charter/new/"):
        assert client.get(url).status_code == 403
    assert client.post("/c/the-community/setup/mindset/", {"values": "Mine"}).status_code == 403


def test_charter_diff_page(client, the_community, camille):
    from agora.communities.services.charter import publish_charter_version

    publish_charter_version(
        community=the_community, by=camille, articles=[{"title": "Kindness", "body": "Changed."}]
    )
    page = client.get("/c/the-community/charter/diff/1/2/").content.decode()
    assert "<del>" in page and "<ins>Changed.</ins>" in page
    assert client.get("/c/the-community/charter/diff/1/9/").status_code == 404


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x", "/\\evil.example"])
def test_consent_never_redirects_off_site(client_for, the_community, michu, target):
    response = client_for(michu).post(
        "/c/the-community/join/", {"version": "1", "agree": "on", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/c/the-community/welcome/"
