"""A real task worker prepares the images the request left for it, on both task backends
(the database queue, RQ) and both storages (the filesystem, S3)."""

import pytest
from django.db import transaction

from agora.media.models import Image, ImageState
from agora.media.services import images as services
from agora.testing import images
from agora.testing.worker import run_worker_batch

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def large_upload(community, user) -> Image:
    with transaction.atomic():  # the task is queued when this commits
        image = services.receive_image(
            uploader=user, community=community, purpose="post", data=images.jpeg(2400, 1600)
        )
    assert image.state == ImageState.PENDING
    return image


def assert_prepared(image, media_store):
    image.refresh_from_db()
    assert image.state == ImageState.READY, image.failure
    assert [r["w"] for r in image.renditions] == [320, 640, 1280, 2048, 1280]
    assert image.upload_name == ""
    assert sorted(media_store.keys()) == sorted(r["name"] for r in image.renditions)


def test_the_database_worker_prepares_a_large_photo(
    the_community, camille, media_store, database_tasks, tmp_path, monkeypatch
):
    for name, value in media_store.env().items():
        monkeypatch.setenv(name, value)
    image = large_upload(the_community, camille)
    result = run_worker_batch(mail_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_prepared(image, media_store)


def test_an_rq_worker_prepares_a_large_photo(
    the_community, camille, media_store, rq_tasks, tmp_path, monkeypatch
):
    for name, value in media_store.env().items():
        monkeypatch.setenv(name, value)
    image = large_upload(the_community, camille)
    result = rq_tasks.run_worker_batch(mail_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_prepared(image, media_store)
    (prepared,) = rq_tasks.results(services_task())
    assert prepared.return_value == "ready"


def services_task():
    from agora.media.tasks import process_image

    return process_image
