"""Each limit is hit for real: N allowed, 429 at N+1, keyed by IP and by account or e-mail."""

import pytest
from django.core.cache import cache

from agora.accounts.models import User
from agora.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password, ip="192.0.2.1"):
    return client.post("/accounts/login/", {"email": email, "password": password}, REMOTE_ADDR=ip)


def test_login_locks_out_after_five_failures_even_with_right_password(client, make_user):
    make_user("michu")
    for _ in range(5):
        assert _login(client, "michu@example.org", "wrong password").status_code == 400
    locked = _login(client, "michu@example.org", PASSWORD)
    assert locked.status_code == 429
    assert "paused for 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lockout_is_also_per_ip(client, make_user):
    make_user("michu")
    make_user("lea")
    for n in range(5):
        _login(client, f"nobody{n}@example.org", "wrong", ip="192.0.2.9")
    assert _login(client, "lea@example.org", PASSWORD, ip="192.0.2.9").status_code == 429
    assert _login(client, "lea@example.org", PASSWORD, ip="192.0.2.10").status_code == 302


def test_successful_login_below_the_limit(client, make_user):
    make_user("michu")
    for _ in range(4):
        _login(client, "michu@example.org", "wrong password")
    assert _login(client, "michu@example.org", PASSWORD).status_code == 302


def _signup(client, n, ip="198.51.100.1"):
    return client.post(
        "/accounts/signup/",
        {
            "email": f"new{n}@example.org",
            "handle": f"new{n}",
            "display_name": f"New {n}",
            "password": "a long enough secret",
        },
        REMOTE_ADDR=ip,
    )


def test_signup_limited_per_ip(client):
    for n in range(5):
        assert _signup(client, n).status_code == 302
        client.logout()
    sixth = _signup(client, 5)
    assert sixth.status_code == 429
    assert not User.objects.filter(handle="new5").exists()
    assert _signup(client, 6, ip="198.51.100.2").status_code == 302


def test_password_reset_limited_per_ip_and_per_email(client, make_user):
    make_user("michu")
    for n in range(5):
        response = client.post(
            "/accounts/password/reset/", {"email": f"a{n}@example.org"}, REMOTE_ADDR="203.0.113.5"
        )
        assert response.status_code == 200
    blocked = client.post(
        "/accounts/password/reset/", {"email": "michu@example.org"}, REMOTE_ADDR="203.0.113.5"
    )
    assert blocked.status_code == 429
    for n in range(5):
        client.post(
            "/accounts/password/reset/",
            {"email": "michu@example.org"},
            REMOTE_ADDR=f"203.0.113.{10 + n}",
        )
    by_email = client.post(
        "/accounts/password/reset/", {"email": "michu@example.org"}, REMOTE_ADDR="203.0.113.99"
    )
    assert by_email.status_code == 429


def test_verification_resend_limited_per_account(client_for, make_user):
    user = make_user("michu", verified=False)
    client = client_for(user)
    for _ in range(3):
        assert client.post("/accounts/verify/resend/").status_code == 302
    assert client.post("/accounts/verify/resend/").status_code == 429
