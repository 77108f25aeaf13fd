"""Receiving, preparing and removing images, on the filesystem and on S3 (SeaweedFS)."""

import io

import pytest
from django.db import transaction
from PIL import Image as Picture

from agora.core.errors import InvalidInput, NotAllowed, TooManyRequests
from agora.media import selectors
from agora.media.errors import TooLarge, UnsupportedImage
from agora.media.models import Image, ImageState, MediaSettings
from agora.media.services import images as services
from agora.testing import images

# Every test here runs on the filesystem and on S3 (SeaweedFS): `media_store`.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]

REFUSALS = {
    "empty": InvalidInput,
    "too_many_bytes": TooLarge,
    "too_many_pixels": TooLarge,
    "odd_shape": InvalidInput,
    "damaged": InvalidInput,
    "hidden_content": InvalidInput,
    "not_an_image": UnsupportedImage,
}


def receive(community, user, data, purpose="post"):
    return services.receive_image(uploader=user, community=community, purpose=purpose, data=data)


@pytest.mark.parametrize("name", sorted(images.HOSTILE))
def test_a_hostile_upload_is_refused_and_leaves_nothing(media_store, the_community, camille, name):
    make, code = images.HOSTILE[name]
    with pytest.raises(REFUSALS[code]) as refused:
        receive(the_community, camille, make())
    assert refused.value.errors["file"] == [str(refused.value.message)]
    assert not Image.objects.exists()
    assert media_store.keys() == []


def test_a_phone_photo_is_kept_without_what_betrays_its_author(media_store, the_community, camille):
    image = receive(the_community, camille, images.jpeg_with_secrets(800, 600))

    assert image.state == ImageState.READY  # small: prepared in the request
    assert (image.width, image.height) == (600, 800)
    assert image.upload_name == ""
    stored = media_store.keys()
    assert sorted(stored) == sorted(r["name"] for r in image.renditions)  # the upload is gone
    for name in stored:
        data = media_store.read(name)
        assert b"Camille" not in data and b"Lilas" not in data and b"Agora Phone" not in data
        picture = Picture.open(io.BytesIO(data))
        assert not picture.getexif() and "xmp" not in picture.info


def test_a_large_photo_waits_for_the_worker_and_is_then_ready(
    media_store, the_community, camille, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        image = receive(the_community, camille, images.jpeg(1600, 1200))
    assert image.state == ImageState.PENDING and image.renditions == []
    assert media_store.keys() == [image.upload_name]  # only the upload, as received
    assert len(callbacks) == 1

    callbacks[0]()  # the task, run here by the immediate backend of the tests

    image.refresh_from_db()
    assert image.state == ImageState.READY and image.upload_name == ""
    assert [r["w"] for r in image.renditions] == [320, 640, 1280, 1600, 1280]
    assert sorted(media_store.keys()) == sorted(r["name"] for r in image.renditions)
    assert services.process_image(image_id=image.pk) == "skipped"  # once


def test_the_sweep_prepares_what_a_lost_task_left(media_store, the_community, camille, clock):
    image = Image.objects.create(
            key="k" * 24, purpose="post", uploader=camille, community=the_community,
            width=400, height=300, byte_size=1, sha256="0", created_at=clock.now(),
            upload_name="uploads/" + "k" * 24,
        )  # fmt: skip
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save(image.upload_name, ContentFile(images.png(400, 300)))
    assert services.sweep_pending() == {}  # too recent: its task may still come
    clock.advance(minutes=3)
    assert services.sweep_pending() == {"ready": 1}
    image.refresh_from_db()
    assert image.state == ImageState.READY
    assert media_store.keys() == sorted(r["name"] for r in image.renditions)


def test_a_member_uploads_at_most_the_communitys_hourly_number(the_community, camille, clock):
    MediaSettings.objects.create(community=the_community, images_per_hour=2)
    receive(the_community, camille, images.png(64, 64))
    receive(the_community, camille, images.png(64, 64, seed=2))
    with pytest.raises(TooManyRequests):
        receive(the_community, camille, images.png(64, 64, seed=3))
    assert Image.objects.count() == 2
    clock.advance(minutes=61)
    receive(the_community, camille, images.png(64, 64, seed=3))


def test_the_communitys_byte_and_pixel_limits_apply(the_community, camille):
    MediaSettings.objects.create(community=the_community, max_megabytes=1, max_megapixels=1)
    with pytest.raises(TooLarge) as refused:
        receive(the_community, camille, images.jpeg(1200, 900))  # 1.08 megapixels
    assert "1 megapixels" in str(refused.value.message)
    with pytest.raises(TooLarge):
        receive(the_community, camille, images.oversized(1024 * 1024 + 1))
    assert not Image.objects.exists()


def test_an_avatar_has_no_community_and_a_post_image_needs_one(camille, the_community):
    with pytest.raises(InvalidInput):
        receive(None, camille, images.png(64, 64), purpose="post")
    with pytest.raises(InvalidInput):
        receive(the_community, camille, images.png(64, 64), purpose="avatar")
    assert receive(None, camille, images.png(64, 64), purpose="avatar").community is None


def test_withheld_images_lose_their_files_after_commit_and_keep_their_hash(
    media_store, the_community, camille, django_capture_on_commit_callbacks
):
    image = receive(the_community, camille, images.png(300, 200))
    with django_capture_on_commit_callbacks(execute=True):
        services.withhold_images([image])
        assert media_store.keys() != []  # not before the removal commits
    image.refresh_from_db()
    assert image.state == ImageState.WITHHELD and image.renditions == []
    assert image.phash  # remembered, for a re-upload
    assert media_store.keys() == []


def test_deleting_images_removes_rows_and_files(
    media_store, the_community, camille, django_capture_on_commit_callbacks
):
    image = receive(the_community, camille, images.png(300, 200))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_images([image])
    assert not Image.objects.exists()
    assert media_store.keys() == []


def test_only_the_uploader_describes_an_image(the_community, camille, michu):
    image = receive(the_community, camille, images.png(64, 64))
    services.describe_image(image=image, by=camille, alt="  Un   cappuccino  ")
    assert selectors.image_by_key(image.key).alt == "Un cappuccino"
    with pytest.raises(NotAllowed):
        services.describe_image(image=image, by=michu, alt="mine")
    with pytest.raises(InvalidInput):
        services.describe_image(image=image, by=camille, alt="x" * 1001)


def test_erasing_a_member_deletes_their_face_and_withholds_their_pictures(
    media_store, the_community, camille, michu, django_capture_on_commit_callbacks
):
    from agora.media.services import looks

    looks.set_avatar(user=camille, data=images.png(200, 200, seed=1))
    photo = receive(the_community, camille, images.png(300, 200, seed=2))
    services.describe_image(image=photo, by=camille, alt="Camille devant le comptoir")
    logo = looks.set_community_image(
        community=the_community, by=camille, purpose="logo", data=images.png(128, 128, seed=3)
    ).logo
    theirs = receive(the_community, michu, images.png(300, 200, seed=4))
    survivors = {*logo.stored_names(), *theirs.stored_names()}

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.erase_member_images(camille)

    assert outcome == {"deleted": 1, "withheld": 1}
    assert not Image.objects.filter(purpose="avatar").exists()
    photo.refresh_from_db()
    assert (photo.state, photo.alt, photo.uploader_id) == (ImageState.WITHHELD, "", None)
    assert photo.phash  # still cited by what remembers it
    logo.refresh_from_db()
    assert (logo.state, logo.uploader_id) == (ImageState.READY, None)
    theirs.refresh_from_db()
    assert (theirs.state, theirs.uploader_id) == (ImageState.READY, michu.pk)
    assert set(media_store.keys()) == survivors  # every size of camille's pictures is gone
