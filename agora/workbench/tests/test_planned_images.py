"""Photos in the editorial calendar: a planned status carries its images from the side form
to the post the worker publishes, seen by the community's stewards meanwhile, on the
filesystem and on S3 (SeaweedFS). Told with Camille, Sacha (the second steward) and Madame
Michu (a member)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.conversations import services as conversations
from agora.conversations.models import Attachment
from agora.core.errors import InvalidInput
from agora.media.models import Image, ImageState, MediaSettings
from agora.testing import images
from agora.workbench.models import PlannedImage, PlannedStatus
from agora.workbench.services import calendar, publishing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]


def upload(client, community, seed=1):
    url = reverse("conversations:image_upload", args=[community.slug])
    data = images.jpeg(640, 480, seed=seed)
    response = client.post(url, {"file": SimpleUploadedFile("p.jpg", data, "image/jpeg")})
    assert response.status_code == 201, response.content
    return re.search(r'name="images" value="([\w-]+)"', response.content.decode()).group(1)


def image_urls(html: str) -> list[str]:
    return re.findall(r"(/media/[\w-]+/[0-9a-f]{16}-\d+\.(?:webp|jpg))", html)


def plan_form(keys, *, body="Les coulisses de la torréfaction", day="", time="", **alts):
    data = {"title": "", "body": body, "day": day, "time": time, "objective": "", "pillar": ""}
    data["images"] = keys
    for n, key in enumerate(keys):
        data[f"alt_{key}"] = alts.get(key, f"Un sac de grains verts ouvert ({n})")
    return data


def plan_with_images(client, community, count=2, **fields):
    keys = [upload(client, community, seed=n) for n in range(count)]
    response = client.post(
        reverse("workbench:plan", args=[community.slug]), plan_form(keys, **fields)
    )
    assert response.status_code == 302, response.content
    return PlannedStatus.objects.latest("pk"), keys


def test_a_planned_status_keeps_its_photos_in_order_with_their_descriptions(
    the_community, camille, client_for, clock
):
    day = (clock.now() + timedelta(days=2)).date().isoformat()
    planned, keys = plan_with_images(client_for(camille), the_community, day=day, time="09:30")
    held = list(planned.images.order_by("position"))
    assert [h.image.key for h in held] == keys
    assert [h.alt for h in held] == [
        "Un sac de grains verts ouvert (0)",
        "Un sac de grains verts ouvert (1)",
    ]
    assert {h.image.purpose for h in held} == {"status"}

    calendar_page = client_for(camille).get(
        reverse("workbench:calendar", args=[the_community.slug]) + f"?day={day}"
    )
    assert "2 photos" in calendar_page.content.decode()
    form = client_for(camille).get(reverse("workbench:edit", args=[the_community.slug, planned.pk]))
    html = form.content.decode()
    assert html.count('data-testid="staged-image"') == 2
    assert "Un sac de grains verts ouvert (1)" in html


def test_the_stewards_see_a_planned_photo_and_members_do_not(
    media_served, the_community, camille, second_steward, member_michu, client_for
):
    planned, _keys = plan_with_images(client_for(camille), the_community, count=1)
    form = client_for(second_steward).get(
        reverse("workbench:edit", args=[the_community.slug, planned.pk])
    )
    urls = image_urls(form.content.decode())
    assert urls
    for url in urls:
        assert client_for(camille).get(url).status_code == media_served
        assert client_for(second_steward).get(url).status_code == media_served
        assert client_for(member_michu).get(url).status_code == 404
        assert client_for().get(url).status_code == 404


def test_publishing_attaches_the_photos_to_the_post_for_everyone_to_see(
    media_served, the_community, camille, member_michu, client_for, clock
):
    planned, keys = plan_with_images(client_for(camille), the_community)
    calendar.move_planned_status(
        planned=planned, by=camille, publish_at=clock.now() + timedelta(hours=1)
    )
    calendar.schedule(planned=planned, by=camille)
    clock.advance(hours=2)
    assert publishing.publish_due() == {"published": 1, "failed": 0}

    planned.refresh_from_db()
    post = planned.post
    attached = list(post.attachments.order_by("position").select_related("image"))
    assert [a.image.key for a in attached] == keys
    assert [a.image.alt for a in attached] == [
        "Un sac de grains verts ouvert (0)",
        "Un sac de grains verts ouvert (1)",
    ]
    assert {a.image.purpose for a in attached} == {"post"}
    page = client_for(member_michu).get(
        reverse("conversations:post", args=[the_community.slug, post.pk])
    )
    html = page.content.decode()
    assert html.count('data-testid="gallery-image"') == 2
    assert 'alt="Un sac de grains verts ouvert (0)"' in html
    for url in image_urls(html):
        assert client_for().get(url).status_code == media_served


def test_a_photo_taken_out_of_a_planned_status_is_deleted_with_its_files(
    media_store, the_community, camille, client_for, django_capture_on_commit_callbacks
):
    client = client_for(camille)
    planned, keys = plan_with_images(client, the_community)
    files_before = set(media_store.keys())
    dropped = Image.objects.get(key=keys[1])
    dropped_files = set(dropped.stored_names()) - {""}
    assert dropped_files <= files_before

    url = reverse("workbench:edit", args=[the_community.slug, planned.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, plan_form([keys[0]]))
    assert response.status_code == 302, response.content
    assert [h.image.key for h in planned.images.all()] == [keys[0]]
    assert not Image.objects.filter(key=keys[1]).exists()
    assert set(media_store.keys()) == files_before - dropped_files


def test_deleting_a_planned_status_deletes_its_photos(
    media_store, the_community, camille, client_for, django_capture_on_commit_callbacks
):
    client = client_for(camille)
    planned, _keys = plan_with_images(client, the_community)
    url = reverse("workbench:delete", args=[the_community.slug, planned.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Image.objects.exists() and not PlannedImage.objects.exists()
    assert media_store.keys() == []


def test_the_sweep_of_forgotten_uploads_leaves_planned_photos_alone(
    the_community, camille, client_for, clock
):
    client = client_for(camille)
    planned, _keys = plan_with_images(client, the_community, count=1)
    abandoned = upload(client, the_community, seed=7)  # left in a closed form
    clock.advance(days=3)
    assert conversations.forget_unpublished_images() == 1
    assert not Image.objects.filter(key=abandoned).exists()
    assert planned.images.count() == 1


def test_a_description_the_community_requires_is_asked_for_and_nothing_is_planned(
    the_community, camille, client_for
):
    MediaSettings.objects.create(community=the_community, require_alt=True)
    client = client_for(camille)
    key = upload(client, the_community)
    response = client.post(
        reverse("workbench:plan", args=[the_community.slug]),
        plan_form([key], **{key: "IMG_2041.jpg"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Describe each image for people who cannot see it" in html
    assert 'data-testid="staged-image"' in html  # the photo stays in the form
    assert not PlannedStatus.objects.exists()
    assert Image.objects.get(key=key).purpose == "post"  # still an upload like any other


def test_a_steward_cannot_plan_another_stewards_upload(
    the_community, camille, second_steward, client_for
):
    theirs = upload(client_for(second_steward), the_community)
    response = client_for(camille).post(
        reverse("workbench:plan", args=[the_community.slug]), plan_form([theirs])
    )
    assert response.status_code == 400
    assert "An image is no longer available" in response.content.decode()
    assert not PlannedStatus.objects.exists()


def test_a_planned_photo_cannot_be_published_elsewhere(the_community, camille, client_for):
    _planned, keys = plan_with_images(client_for(camille), the_community, count=1)
    with pytest.raises(InvalidInput):
        conversations.publish_status(
            community=the_community, by=camille, body="Ailleurs", images=[(keys[0], "Un sac")]
        )
    assert not Attachment.objects.exists()


def test_the_second_steward_edits_with_the_authors_photos_kept(
    the_community, camille, second_steward, client_for
):
    planned, keys = plan_with_images(client_for(camille), the_community)
    mine = upload(client_for(second_steward), the_community, seed=9)
    response = client_for(second_steward).post(
        reverse("workbench:edit", args=[the_community.slug, planned.pk]),
        plan_form([keys[1], mine, keys[0]]),
    )
    assert response.status_code == 302, response.content
    assert [h.image.key for h in planned.images.all()] == [keys[1], mine, keys[0]]


def test_a_photo_that_could_not_be_prepared_fails_the_status_with_a_reason(
    the_community, camille, client_for, clock
):
    planned, keys = plan_with_images(client_for(camille), the_community, count=1)
    calendar.move_planned_status(
        planned=planned, by=camille, publish_at=clock.now() + timedelta(hours=1)
    )
    Image.objects.filter(key=keys[0]).update(state=ImageState.FAILED)
    with pytest.raises(InvalidInput):
        calendar.schedule(planned=planned, by=camille)  # refused now rather than later

    Image.objects.filter(key=keys[0]).update(state=ImageState.READY)
    calendar.schedule(planned=planned, by=camille)
    Image.objects.filter(key=keys[0]).update(state=ImageState.FAILED)
    clock.advance(hours=2)
    assert publishing.publish_due() == {"published": 0, "failed": 1}
    planned.refresh_from_db()
    assert planned.state == "failed"
    assert "An image is no longer available" in planned.failure_reason
    assert not Attachment.objects.exists()
