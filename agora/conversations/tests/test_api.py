import json

import pytest
from django.test import Client

from agora.conversations.models import Post

pytestmark = pytest.mark.django_db


def _post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_api_refuses_first_status_until_foundations_exist(community_factory, camille, client_for):
    community_factory(founder=camille, slug="bare", identity=False, mindset=False)
    response = _post_json(client_for(camille), "/api/communities/bare/statuses", {"body": "Hi"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "identity" in problem["detail"] and problem["link"].endswith("/setup/identity/")
    assert Post.objects.count() == 0


def test_api_publishes_status_for_steward(the_community, camille, client_for):
    response = _post_json(
        client_for(camille), "/api/communities/the-community/statuses", {"body": "**Hi**"}
    )
    assert response.status_code == 201
    assert response.json()["body_html"] == "<p><strong>Hi</strong></p>\n"


def test_api_cookie_writes_are_csrf_checked(the_community, camille):
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille)
    response = _post_json(client, "/api/communities/the-community/statuses", {"body": "Hi"})
    assert response.status_code == 403  # logged in, but the CSRF check fails
    assert Post.objects.count() == 0


def test_api_feed_is_keyset_paginated_and_private_is_404(
    client, the_community, camille, community_factory, settings
):
    settings.AGORA_PAGE_SIZE = 2
    from agora.conversations.services import publish_status

    for i in range(3):
        publish_status(community=the_community, by=camille, body=f"s{i}")
    first = client.get("/api/communities/the-community/posts").json()
    assert [p["body_html"] for p in first["items"]] == ["<p>s2</p>\n", "<p>s1</p>\n"]
    second = client.get(f"/api/communities/the-community/posts?after={first['next_cursor']}")
    assert [p["body_html"] for p in second.json()["items"]] == ["<p>s0</p>\n"]
    community_factory(founder=camille, slug="hidden", visibility="private")
    for url in ("/api/communities/hidden", "/api/communities/hidden/posts"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_api_validation_errors_are_problem_json(the_community, camille, client_for):
    response = _post_json(
        client_for(camille), "/api/communities/the-community/statuses", {"body": ["x"]}
    )
    assert response.status_code == 422
    assert response.json()["title"] == "InvalidInput"
