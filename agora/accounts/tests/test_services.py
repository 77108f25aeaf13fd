import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from agora.accounts import services
from agora.accounts.models import User
from agora.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def _link(message):
    return re.search(r"http://\S+", message.body).group(0)


def test_sign_up_creates_unverified_account_and_sends_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.sign_up(
            email="Michu@Example.org",
            handle="michu",
            display_name="Madame Michu",
            password="un mot de passe solide",
        )
    user.refresh_from_db()
    assert user.email == "michu@example.org"
    assert not user.is_verified
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert "/accounts/verify/" in _link(mail.outbox[0])


def test_sign_up_refuses_taken_email_and_weak_password(make_user):
    make_user("michu")
    with pytest.raises(InvalidInput) as caught:
        services.sign_up(
            email="MICHU@example.org", handle="other", display_name="X", password="123"
        )
    assert set(caught.value.errors) == {"email", "password"}
    assert User.objects.count() == 1


def test_verification_link_dies_on_use(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(
            email="lea@example.org", handle="lea", display_name="Léa", password="un mot solide 42"
        )
    path = _link(mail.outbox[0]).split("127.0.0.1:8000")[1]
    assert client.get(path).status_code == 302
    assert User.objects.get(handle="lea").is_verified
    second = client.get(path)
    assert second.status_code == 400
    assert "invalid or has expired" in second.content.decode()


def test_reset_link_dies_on_use_and_on_password_change(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user("michu")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email="michu@example.org", ip="10.0.0.1")
    path = _link(mail.outbox[0]).split("127.0.0.1:8000")[1]
    response = client.post(path, {"password": "a brand new secret"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new secret")
    again = client.post(path, {"password": "yet another secret"})
    assert again.status_code == 400
    user.refresh_from_db()
    assert user.check_password("a brand new secret")


def test_reset_link_dies_when_email_changes(client, make_user, django_capture_on_commit_callbacks):
    user = make_user("michu")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email="michu@example.org", ip="10.0.0.1")
    path = _link(mail.outbox[0]).split("127.0.0.1:8000")[1]
    user.email = "new@example.org"
    user.save(update_fields=["email"])
    assert client.get(path).status_code == 400


def test_reset_for_unknown_address_says_nothing_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert callbacks == []
    assert response.status_code == 200
    assert "If an account uses" in response.content.decode()
    assert mail.outbox == []


def test_profile_language_wins_over_browser(client_for, make_user):
    user = make_user("michu", language="fr")
    response = client_for(user).get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "fr"


def test_browser_language_used_without_profile_language(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Content-Language"] == "fr"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response["Content-Language"] == "en"


def test_update_profile_through_form(client_for, make_user):
    user = make_user("michu")
    response = client_for(user).post(
        "/accounts/profile/", {"display_name": "Mme Michu", "language": "fr", "bio": "Café !"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.language, user.bio) == ("Mme Michu", "fr", "Café !")


def test_login_next_stays_on_site(client, make_user):
    from agora.testing.fixtures import PASSWORD

    make_user("michu")
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"email": "michu@example.org", "password": PASSWORD},
    )
    assert response["Location"] == "/"
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"email": "michu@example.org", "password": PASSWORD, "next": "/c/new/"},
    )
    assert response["Location"] == "/c/new/"


@pytest.mark.parametrize(
    ("then", "lands"),
    [("/invite/abc123/", "/invite/abc123/"), ("https://evil.example/", "/"), ("//evil", "/")],
)
def test_sign_up_from_an_invitation_leads_back_to_it_once_verified(
    client, django_capture_on_commit_callbacks, then, lands
):
    """ "Create an account" on an invitation: after signing up and after verifying, the
    newcomer is back on the invitation (only ever a path of this site)."""
    form = client.get("/accounts/signup/", {"next": then}).content.decode()
    assert (f'name="next" value="{then}"' in form) == (lands != "/")
    data = {"email": "new@example.org", "handle": "newcomer", "display_name": "New",
            "password": "un mot de passe solide", "next": then}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", data)
    assert response.status_code == 302 and response["Location"] == lands
    link = _link(mail.outbox[-1])
    assert ("?next=" in link) == (lands != "/")
    address = urlsplit(link)
    verified = client.get(f"{address.path}?{address.query}")
    assert verified.status_code == 302 and verified["Location"] == lands
    assert User.objects.get(handle="newcomer").is_verified
