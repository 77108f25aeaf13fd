"""A private community's images on both storages: its members see them, nobody else, and
links stop working once the post is removed (on S3: the briefly signed links too)."""

import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from agora.conversations import services as conversations
from agora.media.services import images as media
from agora.testing import images

pytestmark = pytest.mark.django_db


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - test S3
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_private_images_and_their_signed_links(
    media_store, community_factory, camille, michu, olga, join, client_for,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    private = community_factory(founder=camille, visibility="private", slug="orchard")
    other = community_factory(founder=olga, slug="elsewhere")
    member = join(michu, private)
    photo = media.receive_image(
        uploader=member, community=private, purpose="post", data=images.jpeg(800, 600)
    )
    post = conversations.write_post(
        community=private, author=member, title="T", body="B", images=[(photo.key, "A pear")]
    )
    page = client_for(member).get(reverse("conversations:post", args=[private.slug, post.pk]))
    urls = sorted(
        set(re.findall(r"/media/[\w-]+/[0-9a-f]{16}-\d+\.(?:webp|jpg)", page.content.decode()))
    )
    assert len(urls) == 4  # 320, 640 and 800 wide in WebP, and the JPEG
    outsider = client_for(olga)
    assert other.pk and all(outsider.get(url).status_code == 404 for url in urls)
    assert all(client_for().get(url).status_code == 404 for url in urls)

    signed = []
    for url in urls:
        response = client_for(member).get(url)
        if media_store.kind == "filesystem":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            link = response["Location"]
            assert "X-Amz-Expires=" in link and "X-Amz-Signature=" in link
            assert fetch(link) == 200
            unsigned = urllib.parse.urlunsplit(urllib.parse.urlsplit(link)._replace(query=""))
            assert fetch(unsigned) == 403  # the bucket is private: no link without a signature
            signed.append(link)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(reverse("conversations:post_delete", args=[private.slug, post.pk]))
    assert all(client_for(member).get(url).status_code == 404 for url in urls)
    assert media_store.keys() == []
    for link in signed:  # a link handed out before: its object is gone
        assert fetch(link) in (403, 404)
