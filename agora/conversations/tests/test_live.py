"""Live activity: an open page asks what is new with its signed token; one query, 304 when
nothing changed, nothing for a forged or expired token, nothing beyond what the token names."""

import json
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.accounts.middleware import LIVE_PATH
from agora.conversations import live, services

pytestmark = pytest.mark.django_db


def page_live(client, community) -> tuple[str, str]:
    """The live URL and moment the community page embeds for this reader."""
    html = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    url = re.search(r'data-live-feed="([^"]+)"', html).group(1).replace("&amp;", "&")
    since = re.search(r'data-live-since="([^"]+)"', html).group(1)
    return url, since


def test_an_open_page_hears_of_new_posts_and_replies_in_one_query(
    the_community, camille, member_michu, client_for
):
    status = services.publish_status(community=the_community, by=camille, body="Bonjour !")
    client = client_for(camille)
    url, since = page_live(client, the_community)
    first = client.get(f"{url}&s={since}")
    assert first.status_code == 200 and json.loads(first.content) == {
        "posts": 0,
        "unread": 0,
        "comments": 0,
    }
    etag = first["ETag"]

    with CaptureQueriesContext(connection) as queries:
        same = client.get(f"{url}&s={since}", HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304 and len(queries) == 1  # no session, no user: one query

    services.write_post(community=the_community, author=member_michu, title="Mon moulin", body="…")
    services.write_comment(post=status, author=member_michu, body="Merci !")
    with CaptureQueriesContext(connection) as queries:
        fresh = client.get(f"{url}&s={since}", HTTP_IF_NONE_MATCH=etag)
    assert len(queries) == 1
    assert fresh.status_code == 200 and json.loads(fresh.content) == {
        "posts": 1,
        "unread": 1,
        "comments": 0,
    }
    assert fresh["ETag"] != etag and fresh["Cache-Control"] == "private, no-cache"


def test_held_and_deleted_posts_are_not_news(the_community, camille, member_michu, client_for):
    client = client_for(camille)
    url, since = page_live(client, the_community)
    post = services.write_post(community=the_community, author=member_michu, title="T", body="B")
    services.delete_post(post=post, by=member_michu)
    assert json.loads(client.get(f"{url}&s={since}").content)["posts"] == 0


def test_a_forged_expired_or_malformed_check_is_refused(
    the_community, camille, client_for, monkeypatch
):
    client = client_for(camille)
    url, since = page_live(client, the_community)
    forged = signing.dumps({"u": 1, "c": the_community.pk}, salt="another.salt")
    assert client.get(f"{reverse('live')}?t={forged}&s={since}").status_code == 403
    assert client.get(f"{url}&s=yesterday").status_code == 400
    assert client.get(f"{url}&s=-5").status_code == 400
    # A page left open past the token's life: the signature's clock has moved on.
    later = signing.time.time() + live.MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(f"{url}&s={since}")
    assert response.status_code == 403 and "reload it" in response.content.decode()


def test_the_token_names_only_what_its_page_could_see(
    community_factory, camille, member_michu, olga, client_for
):
    private = community_factory(founder=camille, visibility="private", slug="cercle")
    # Olga cannot open the private community page, so she never holds a token for it.
    assert (
        client_for(olga).get(reverse("communities:detail", args=[private.slug])).status_code == 404
    )
    # A token for the public page counts nothing of the private community.
    services.publish_status(community=private, by=camille, body="Secret")
    token = live.token(olga)
    answer = client_for().get(f"{reverse('live')}?t={token}&s=0")
    assert json.loads(answer.content) == {"posts": 0, "unread": 0, "comments": 0}


def test_the_live_path_is_the_one_the_language_middleware_leaves_alone():
    assert reverse("live") == LIVE_PATH


def test_pages_embed_the_check_for_their_reader(the_community, camille, client_for):
    home = client_for(camille).get("/").content.decode()
    assert "data-live=" in home and 'data-live-every="20000"' in home
    assert "data-live=" not in client_for().get("/").content.decode()


def test_an_open_post_page_hears_of_new_comments(the_community, camille, member_michu, client_for):
    status = services.publish_status(community=the_community, by=camille, body="Bonjour !")
    services.write_comment(post=status, author=member_michu, body="Déjà là !")
    client = client_for(camille)
    html = client.get(reverse("conversations:post", args=[the_community.slug, status.pk]))
    html = html.content.decode()
    url = re.search(r'data-live-thread="([^"]+)"', html).group(1).replace("&amp;", "&")
    since = re.search(r'data-live-since="([^"]+)"', html).group(1)
    assert json.loads(client.get(f"{url}&s={since}").content)["comments"] == 0  # all shown
    hidden = services.write_comment(post=status, author=member_michu, body="Oups")
    services.delete_comment(comment=hidden, by=member_michu)
    services.write_comment(post=status, author=member_michu, body="Et une autre !")
    with CaptureQueriesContext(connection) as queries:
        answer = json.loads(client.get(f"{url}&s={since}").content)
    assert answer == {"posts": 0, "unread": 3, "comments": 1} and len(queries) == 1
