"""Images in posts and comments, through HTTP: the composer's upload, publishing, the feed,
the serving view and who it answers, on the filesystem and on S3 (SeaweedFS)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.conversations import services
from agora.conversations.models import Attachment
from agora.media.models import Image, ImageState, MediaSettings
from agora.testing import images

# Every test here runs on the filesystem and on S3 (SeaweedFS): `media_store`.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]

FORMAT_NAMES = {"pdf renamed .jpg": "photo.jpg", "html renamed .jpg": "photo.jpg"}


def upload(client, community, data, name="photo.jpg", content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("conversations:image_upload", args=[community.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def staged_key(response) -> str:
    return re.search(r'name="images" value="([\w-]+)"', response.content.decode()).group(1)


def image_urls(html: str) -> list[str]:
    return re.findall(r"(/media/[\w-]+/[0-9a-f]{16}-\d+\.(?:webp|jpg))", html)


@pytest.mark.parametrize("name", sorted(images.HOSTILE))
def test_every_hostile_upload_gets_a_clear_4xx_and_stores_nothing(
    media_store, the_community, member_michu, client_for, name
):
    make, _code = images.HOSTILE[name]
    response = upload(client_for(member_michu), the_community, make(), name="photo.jpg")
    assert response.status_code in (400, 413, 415)
    expected = {
        "50 MB file": 413,
        "decompression bomb": 413,
        "pdf renamed .jpg": 415,
        "html renamed .jpg": 415,
        "svg without script": 415,
        "svg with script": 415,
    }.get(name, 400)
    assert response.status_code == expected
    assert "<script>alert" not in response.content.decode()
    assert not Image.objects.exists()
    assert media_store.keys() == []


def test_refusals_speak_the_members_language(the_community, make_user, join, client_for):
    french = join(make_user("amelie", language="fr"), the_community)
    response = upload(client_for(french), the_community, images.truncated_jpeg())
    assert response.status_code == 400
    assert "Cette image est abîmée ou incomplète" in response.content.decode()


def test_a_file_too_large_is_refused_before_it_is_read(the_community, member_michu, client_for):
    MediaSettings.objects.create(community=the_community, max_megabytes=1)
    response = upload(client_for(member_michu), the_community, images.oversized(3 * 1024 * 1024))
    assert response.status_code == 413
    assert "the limit here is 1 MB" in response.content.decode()


def test_outsiders_cannot_upload(the_community, olga, client_for):
    response = upload(client_for(olga), the_community, images.png(64, 64))
    assert response.status_code == 403
    assert not Image.objects.exists()
    anonymous = upload(client_for(), the_community, images.png(64, 64))
    assert anonymous.status_code == 302 and not Image.objects.exists()


def test_the_gps_photo_is_stored_with_no_metadata_left(
    media_store, the_community, member_michu, client_for
):
    response = upload(client_for(member_michu), the_community, images.jpeg_with_secrets())
    assert response.status_code == 201
    image = Image.objects.get()
    assert image.state == ImageState.READY
    stored = media_store.keys()
    assert stored
    for name in stored:
        data = media_store.read(name)
        assert b"Camille Secret" not in data and b"rue des Lilas" not in data
        assert b"Exif" not in data and b"GPS" not in data and b"xmpmeta" not in data


def publish_with_images(client, community, count=2, alt="A barista pours a heart of milk"):
    keys = []
    for n in range(count):
        response = upload(client, community, images.jpeg(640, 480, seed=n))
        assert response.status_code == 201, response.content
        keys.append(staged_key(response))
    data = {"title": "Latte art", "body": "Our first hearts!", "images": keys}
    data.update({f"alt_{key}": f"{alt} ({n})" for n, key in enumerate(keys)})
    response = client.post(reverse("conversations:post_new", args=[community.slug]), data)
    assert response.status_code == 302, response.content
    return keys


def test_published_images_show_in_the_feed_and_the_post_without_layout_shift(
    media_served, media_store, the_community, member_michu, client_for
):
    client = client_for(member_michu)
    keys = publish_with_images(client, the_community)
    post = Attachment.objects.get(image__key=keys[0]).post
    assert [a.image.key for a in post.attachments.order_by("position")] == keys

    feed = client_for().get(reverse("communities:detail", args=[the_community.slug]))
    html = feed.content.decode()
    assert html.count('data-testid="gallery-image"') == 1  # the lead image
    assert "+1 photo" in html
    assert 'width="640" height="480"' in html and 'loading="lazy"' in html
    assert "srcset=" in html and 'alt="A barista pours a heart of milk (0)"' in html

    page = client_for().get(reverse("conversations:post", args=[the_community.slug, post.pk]))
    assert page.content.decode().count('data-testid="gallery-image"') == 2
    urls = image_urls(page.content.decode())
    response = client_for().get(urls[0])
    assert response.status_code == media_served
    if media_store.kind == "filesystem":
        assert response["Content-Type"] in ("image/webp", "image/jpeg")
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    else:  # a link to the object store, signed for a few minutes
        assert "X-Amz-Signature=" in response["Location"]


def test_a_private_communitys_images_answer_404_to_outsiders_and_stop_after_removal(
    media_served,
    media_store,
    community_factory,
    camille,
    michu,
    olga,
    join,
    client_for,
    django_capture_on_commit_callbacks,
):
    private = community_factory(founder=camille, visibility="private", slug="secret")
    join(michu, private)
    client = client_for(michu)
    keys = publish_with_images(client, private, count=1)
    post = Attachment.objects.get(image__key=keys[0]).post
    page = client.get(reverse("conversations:post", args=[private.slug, post.pk]))
    urls = image_urls(page.content.decode())
    assert urls
    for url in urls:
        assert client.get(url).status_code == media_served
        assert client_for().get(url).status_code == 404
        assert client_for(olga).get(url).status_code == 404
    member_response = client.get(urls[0])
    if media_store.kind == "filesystem":
        assert member_response["Cache-Control"] == "private, max-age=3600"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversations:post_delete", args=[private.slug, post.pk]))
    assert response.status_code == 302
    for url in urls:
        assert client.get(url).status_code == 404
    assert media_store.keys() == []  # the files themselves are gone


def test_an_unpublished_upload_is_its_uploaders_alone(
    media_served, the_community, member_michu, camille, client_for
):
    response = upload(client_for(member_michu), the_community, images.png(300, 200))
    image = Image.objects.get()
    url = image_urls(response.content.decode())[0]
    assert client_for(member_michu).get(url).status_code == media_served
    assert client_for(camille).get(url).status_code == 404
    assert client_for().get(url).status_code == 404
    assert image.state == ImageState.READY


def test_a_post_waits_for_its_images_out_of_the_feed(
    the_community, member_michu, client_for, django_capture_on_commit_callbacks
):
    client = client_for(member_michu)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, the_community, images.jpeg(1600, 1200))  # for the worker
    key = staged_key(response)
    assert 'data-testid="image-preparing"' in response.content.decode()
    data = {"title": "Roastery", "body": "Open day!", "images": [key], f"alt_{key}": "Beans"}
    assert (
        client.post(reverse("conversations:post_new", args=[the_community.slug]), data).status_code
        == 302
    )
    detail = reverse("communities:detail", args=[the_community.slug])
    assert "Roastery" not in client_for().get(detail).content.decode()
    own = client.get(detail).content.decode()
    assert "Roastery" in own and 'data-testid="image-preparing"' in own  # never a broken one

    for callback in callbacks:
        callback()  # the worker prepares it

    assert "Roastery" in client_for().get(detail).content.decode()


def test_a_community_may_require_descriptions(the_community, member_michu, client_for):
    MediaSettings.objects.create(community=the_community, require_alt=True)
    client = client_for(member_michu)
    key = staged_key(upload(client, the_community, images.png(300, 200)))
    url = reverse("conversations:post_new", args=[the_community.slug])
    for alt in ("", "IMG_2041.jpg", "photo"):
        data = {"title": "T", "body": "B", "images": [key], f"alt_{key}": alt}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Describe each image for people who cannot see it" in response.content.decode()
    assert not Attachment.objects.exists()
    data = {"title": "T", "body": "B", "images": [key], f"alt_{key}": "Two cups on a bar"}
    assert client.post(url, data).status_code == 302


def test_no_more_images_than_the_community_allows_and_never_anothers(
    the_community, member_michu, camille, client_for
):
    MediaSettings.objects.create(community=the_community, images_per_post=1)
    client = client_for(member_michu)
    keys = [staged_key(upload(client, the_community, images.png(64, 64, seed=n))) for n in (1, 2)]
    url = reverse("conversations:post_new", args=[the_community.slug])
    response = client.post(url, {"title": "T", "body": "B", "images": keys})
    assert response.status_code == 400 and "At most 1 image per post" in response.content.decode()
    theirs = client_for(camille).post(url, {"title": "T", "body": "B", "images": keys[:1]})
    assert theirs.status_code == 400
    assert not Attachment.objects.exists()


def test_the_feed_asks_as_many_queries_with_images_as_without(
    the_community, member_michu, camille, client_for
):
    detail = reverse("communities:detail", args=[the_community.slug])
    for n in range(3):
        services.write_post(community=the_community, author=member_michu, title=f"T{n}", body="B")
    with CaptureQueriesContext(connection) as without:
        client_for(camille).get(detail)
    publish_with_images(client_for(member_michu), the_community, count=3)
    with CaptureQueriesContext(connection) as with_images:
        response = client_for(camille).get(detail)
    assert response.content.decode().count('data-testid="gallery-image"') == 1
    assert len(with_images) == len(without)


def test_uploads_never_published_are_forgotten_after_a_day(
    media_store, the_community, member_michu, client_for, clock, django_capture_on_commit_callbacks
):
    client = client_for(member_michu)
    publish_with_images(client, the_community, count=1)
    upload(client, the_community, images.png(200, 100))  # left in the composer
    assert Image.objects.count() == 2
    clock.advance(hours=23)
    assert services.forget_unpublished_images() == 0
    clock.advance(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.forget_unpublished_images() == 1
    published = Image.objects.get()
    assert published.attachment.post.title == "Latte art"
    assert sorted(media_store.keys()) == sorted(r["name"] for r in published.renditions)


def test_the_composer_offers_photos_and_keeps_them_when_the_form_is_refused(
    the_community, member_michu, client_for
):
    client = client_for(member_michu)
    url = reverse("conversations:post_new", args=[the_community.slug])
    page = client.get(url).content.decode()
    assert 'data-testid="image-picker"' in page and 'type="file"' in page and "multiple" in page
    key = staged_key(upload(client, the_community, images.png(300, 200)))
    refused = client.post(
        url, {"title": "", "body": "B", "images": [key], f"alt_{key}": "Two cups"}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'name="images" value="{key}"' in html and ">Two cups</textarea>" in html


def test_the_coach_says_why_a_description_matters_as_it_is_typed(
    the_community, member_michu, make_user, join, client_for
):
    client = client_for(member_michu)
    response = upload(client, the_community, images.png(300, 200))
    key = staged_key(response)
    html = response.content.decode()
    assert "This image has no description" in html  # said before anything is typed
    assert f'aria-describedby="alt-advice-{key}"' in html
    describe = reverse("conversations:image_describe", args=[the_community.slug, key])

    answer = client.post(describe, {f"alt_{key}": "IMG_2041.jpg"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert "is a file name: a screen reader reads it aloud" in answer.content.decode()
    answer = client.post(describe, {f"alt_{key}": "Two cups of coffee on a wooden counter"})
    assert 'data-testid="alt-advice"' in answer.content.decode()
    assert "screen reader" not in answer.content.decode()
    assert Image.objects.get(key=key).alt == "Two cups of coffee on a wooden counter"

    french = client_for(join(make_user("amelie", language="fr"), the_community))
    theirs = french.post(describe, {f"alt_{key}": "photo"})
    assert theirs.status_code == 404  # another member's upload: not theirs to describe
    own = staged_key(upload(french, the_community, images.png(300, 200, seed=4)))
    answer = french.post(
        reverse("conversations:image_describe", args=[the_community.slug, own]),
        {f"alt_{own}": "photo"},
    )
    assert "ne dit pas ce que montre l&#x27;image" in answer.content.decode()


def test_a_comment_carries_photos_and_shows_them(the_community, member_michu, camille, client_for):
    post = services.write_post(community=the_community, author=camille, title="Q", body="Yours?")
    client = client_for(member_michu)
    page = client.get(reverse("conversations:post", args=[the_community.slug, post.pk]))
    assert 'data-for="comment"' in page.content.decode()
    response = upload(client, the_community, images.png(300, 200))
    key = staged_key(response)
    url = reverse("conversations:comment_create", args=[the_community.slug, post.pk])
    data = {"body": "Mine!", "images": [key], f"alt_{key}": "A blue mug on a desk"}
    assert client.post(url, data).status_code == 302
    attachment = Attachment.objects.get(image__key=key)
    assert attachment.comment.body == "Mine!" and attachment.post == post
    thread = client_for().get(reverse("conversations:post", args=[the_community.slug, post.pk]))
    assert 'alt="A blue mug on a desk"' in thread.content.decode()


def test_erasing_the_author_takes_their_photos_off_every_page_and_url(
    media_served,
    media_store,
    the_community,
    member_michu,
    client_for,
    django_capture_on_commit_callbacks,
):
    from agora.media.services import images as media_services

    keys = publish_with_images(client_for(member_michu), the_community)
    post = Attachment.objects.get(image__key=keys[0]).post
    path = reverse("conversations:post", args=[the_community.slug, post.pk])
    urls = image_urls(client_for().get(path).content.decode())
    assert urls and client_for().get(urls[0]).status_code == media_served

    with django_capture_on_commit_callbacks(execute=True):
        media_services.erase_member_images(member_michu)

    page = client_for().get(path).content.decode()
    assert image_urls(page) == [] and "A barista pours" not in page
    for url in urls:
        assert client_for().get(url).status_code == 404
    assert media_store.keys() == []
