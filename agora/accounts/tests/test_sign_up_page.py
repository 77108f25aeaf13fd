"""The sign-up page says everything wrong at once — its own checks and the service's (an
address or handle taken, a weak password) — keeps what was typed but the password, and
takes a handle typed with capitals as its lower-case self."""

import pytest

from agora.accounts.models import User

pytestmark = pytest.mark.django_db


def test_every_problem_at_once_and_what_was_typed_kept(client, make_user):
    make_user("michu")  # michu@example.org and @michu are taken
    response = client.post("/accounts/signup/", {
        "email": "michu@example.org", "handle": "Michu", "display_name": "Madame Michu",
        "password": "password1",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "An account already uses this e-mail address." in page
    assert "This handle is taken." in page
    assert "This password is too common." in page or "too short" in page
    assert 'value="michu@example.org"' in page and 'value="Madame Michu"' in page
    assert 'value="password1"' not in page  # never sent back
    assert User.objects.count() == 1


def test_a_handle_with_capitals_is_lower_cased_not_refused(client):
    response = client.post("/accounts/signup/", {
        "email": "lea@example.org", "handle": "  Lea_Roux ", "display_name": "Léa",
        "password": "un mot de passe solide",
    })  # fmt: skip
    assert response.status_code == 302
    assert User.objects.get(email="lea@example.org").handle == "lea_roux"


def test_a_handle_with_other_characters_is_still_refused_with_the_rule(client):
    response = client.post("/accounts/signup/", {
        "email": "lea@example.org", "handle": "léa roux", "display_name": "Léa",
        "password": "un mot de passe solide",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Use 3 to 30 lower-case letters, digits or underscores." in response.content.decode()
    assert not User.objects.exists()


def test_a_member_switches_language_from_the_header(make_user, client_for):
    """Logged in, the switch is there and changes the profile's language (which wins over
    the browser's): the next page, and the member's e-mail, are in that language."""
    lea = make_user("lea", language="en")
    client = client_for(lea)
    page = client.get("/").content.decode()
    assert 'action="/accounts/language/"' in page
    response = client.post("/accounts/language/", {"language": "fr", "next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    lea.refresh_from_db()
    assert lea.language == "fr"
    assert 'lang="fr"' in client.get("/notifications/").content.decode()[:200]
    assert client.post("/accounts/language/", {"language": "de"}).status_code == 400
    lea.refresh_from_db()
    assert lea.language == "fr"


def test_a_visitor_switches_language_too(client):
    response = client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert 'lang="fr"' in client.get("/").content.decode()[:200]
