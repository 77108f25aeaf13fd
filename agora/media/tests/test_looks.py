"""Faces and covers through their pages: a member's avatar, a community's logo and cover,
and the stewards' rules for members' photos."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.conversations import services as conversations
from agora.media.models import Avatar, CommunityLook, Image, MediaSettings
from agora.testing import images

# Every test here runs on the filesystem and on S3 (SeaweedFS): `media_store`.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]


def photo(data, name="me.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_a_member_without_a_photo_shows_initials_then_their_photo(
    the_community, member_michu, client_for, django_capture_on_commit_callbacks
):
    conversations.write_post(community=the_community, author=member_michu, title="T", body="B")
    feed = reverse("communities:detail", args=[the_community.slug])
    assert 'class="avatar initials avatar-' in client_for().get(feed).content.decode()

    client = client_for(member_michu)
    response = client.post(reverse("media:avatar"), {"file": photo(images.jpeg(400, 400))})
    assert response.status_code == 302
    first = Avatar.objects.get(user=member_michu).image
    html = client_for().get(feed).content.decode()
    assert re.search(r'<img class="avatar" src="/media/[\w-]+/[0-9a-f]{16}-\d+\.webp"', html)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("media:avatar"), {"file": photo(images.jpeg(400, 400, seed=2))})
    assert not Image.objects.filter(pk=first.pk).exists()  # the old face is gone
    assert Avatar.objects.filter(user=member_michu).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("media:avatar_remove")).status_code == 302
    assert not Avatar.objects.exists() and not Image.objects.exists()


def test_an_avatar_refused_says_why_and_keeps_the_old_one(member_michu, client_for):
    client = client_for(member_michu)
    client.post(reverse("media:avatar"), {"file": photo(images.jpeg(300, 300))})
    before = Avatar.objects.get().image_id
    response = client.post(reverse("media:avatar"), {"file": photo(images.svg(script=True))})
    assert response.status_code == 415
    assert "not a picture we accept" in response.content.decode()
    assert Avatar.objects.get().image_id == before and Image.objects.count() == 1
    anonymous = client_for().post(reverse("media:avatar"), {"file": photo(images.jpeg())})
    assert anonymous.status_code == 302 and Image.objects.count() == 1


def test_stewards_set_the_cover_and_logo_members_cannot(
    the_community, camille, member_michu, client_for
):
    page = reverse("media:pictures", args=[the_community.slug])
    assert client_for(member_michu).get(page).status_code == 403
    client = client_for(camille)
    response = client.post(
        page,
        {
            "which": "cover",
            "cover-file": photo(images.jpeg(1600, 500)),
            "cover-alt": "Sacks of green coffee in the roastery",
        },
    )
    assert response.status_code == 302
    client.post(page, {"which": "logo", "logo-file": photo(images.png(256, 256))})
    look = CommunityLook.objects.get(community=the_community)
    assert look.cover.alt == "Sacks of green coffee in the roastery" and look.logo is not None
    html = client_for().get(reverse("communities:detail", args=[the_community.slug])).content
    assert b'data-testid="community-look"' in html
    assert b'alt="Sacks of green coffee in the roastery"' in html
    assert b'data-testid="pictures-link"' not in html  # only stewards see the way there


def test_a_private_communitys_logo_is_invisible_to_outsiders(
    media_served, community_factory, camille, olga, client_for
):
    private = community_factory(founder=camille, visibility="private", slug="hidden")
    client_for(camille).post(
        reverse("media:pictures", args=[private.slug]),
        {"which": "logo", "logo-file": photo(images.png(256, 256))},
    )
    logo = CommunityLook.objects.get(community=private).logo
    name = logo.renditions[0]["name"].rsplit("/", 1)[-1]
    url = reverse("media:image", args=[logo.key, name])
    assert client_for(camille).get(url).status_code == media_served
    assert client_for(olga).get(url).status_code == 404
    assert client_for().get(url).status_code == 404


def test_the_rules_for_photos_are_the_stewards_and_stay_in_range(
    the_community, camille, client_for
):
    page = reverse("media:pictures", args=[the_community.slug])
    rules = {
        "which": "rules",
        "max_megabytes": 5,
        "max_megapixels": 24,
        "images_per_post": 4,
        "images_per_hour": 20,
        "require_alt": "on",
    }
    assert client_for(camille).post(page, rules).status_code == 302
    saved = MediaSettings.objects.get(community=the_community)
    assert (saved.max_megabytes, saved.images_per_post, saved.require_alt) == (5, 4, True)
    response = client_for(camille).post(page, {**rules, "images_per_post": 11})
    assert response.status_code == 400
    assert MediaSettings.objects.get(community=the_community).images_per_post == 4
    unknown = client_for(camille).post(page, {"which": "everything"})
    assert unknown.status_code == 404


def test_a_member_changes_their_photo_at_most_twenty_times_an_hour(member_michu, client_for):
    from django.core.cache import cache

    cache.clear()
    client = client_for(member_michu)
    for seed in range(20):
        response = client.post(
            reverse("media:avatar"), {"file": photo(images.png(64, 64, seed=seed))}
        )
        assert response.status_code == 302
    refused = client.post(reverse("media:avatar"), {"file": photo(images.png(64, 64, seed=99))})
    assert refused.status_code == 429
    assert "many times this hour" in refused.content.decode()
    cache.clear()
