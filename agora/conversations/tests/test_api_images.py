"""Images through the API: upload (multipart), publish with descriptions, read them back;
every bad upload a 4xx problem+json, in the member's language, leaving nothing behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agora.conversations.models import Attachment
from agora.media.models import Image
from agora.testing import images

# Every test here runs on the filesystem and on S3 (SeaweedFS): `media_store`.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]

STATUS = {"50 MB file": 413, "decompression bomb": 413}
STATUS.update(
    dict.fromkeys(
        ["pdf renamed .jpg", "html renamed .jpg", "svg without script", "svg with script"], 415
    )
)


def upload(client, data, name="photo.jpg"):
    file = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post("/api/communities/the-community/images", {"file": file})


@pytest.mark.parametrize("name", sorted(images.HOSTILE))
def test_every_bad_upload_is_a_clear_problem_and_stores_nothing(
    media_store, the_community, member_michu, client_for, name
):
    make, _code = images.HOSTILE[name]
    response = upload(client_for(member_michu), make())
    assert response.status_code == STATUS.get(name, 400)
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["detail"] and problem["status"] == response.status_code
    assert not Image.objects.exists()
    assert media_store.keys() == []


def test_a_refusal_is_in_the_members_language(the_community, make_user, join, client_for):
    french = join(make_user("amelie", language="fr"), the_community)
    response = upload(client_for(french), images.zero_bytes())
    assert response.status_code == 400
    assert response.json()["detail"] == "Ce fichier est vide."


def test_upload_publish_and_read_back(
    media_served, media_store, the_community, member_michu, client_for
):
    client = client_for(member_michu)
    uploaded = upload(client, images.jpeg_with_secrets(800, 600))
    assert uploaded.status_code == 201
    image = uploaded.json()
    assert image["state"] == "ready" and (image["width"], image["height"]) == (600, 800)
    assert [s["width"] for s in image["sizes"]] == [320, 600, 600]
    response = client.post(
        "/api/communities/the-community/posts",
        {
            "title": "Latte art",
            "body": "Our first heart",
            "images": [{"key": image["key"], "alt": "A heart drawn in milk foam"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    post = response.json()
    assert post["images"][0]["alt"] == "A heart drawn in milk foam"
    feed = client_for().get("/api/communities/the-community/posts").json()
    assert feed["items"][0]["images"][0]["key"] == image["key"]
    served = client_for().get(feed["items"][0]["images"][0]["sizes"][0]["url"])
    assert served.status_code == media_served


def test_publishing_refuses_keys_that_are_not_the_authors(
    the_community, member_michu, camille, client_for
):
    key = upload(client_for(member_michu), images.png(200, 100)).json()["key"]
    cases = [
        ([{"key": key}], 400),  # another member's upload: the service refuses it
        ([{"key": "not a key!"}], 422),  # not even the shape of a key: the schema refuses it
        ([{"key": key}] * 11, 422),  # more than ten
    ]
    for images_field, status in cases:
        response = client_for(camille).post(
            "/api/communities/the-community/posts",
            {"title": "T", "body": "B", "images": images_field},
            content_type="application/json",
        )
        assert response.status_code == status, response.content
        assert response["Content-Type"].startswith("application/problem+json")
    assert not Attachment.objects.exists()


def test_outsiders_and_strangers_cannot_upload(the_community, olga, client_for):
    assert upload(client_for(olga), images.png(64, 64)).status_code == 403
    assert upload(client_for(), images.png(64, 64)).status_code == 401
    assert not Image.objects.exists()
