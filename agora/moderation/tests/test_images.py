"""Moderation sees images: a steward hides one image, a jury decides, a removed picture is
recognised when it comes back, and the charter's rules read descriptions."""

import pytest
from django.urls import reverse

from agora.communities.services import charter as charter_services
from agora.conversations import services as conversations
from agora.conversations.models import Attachment, ModerationState, Post
from agora.media.services import images as media
from agora.moderation.models import Case, EntryKind, JournalEntry, RemovedImage
from agora.moderation.services import cases, votes
from agora.moderation.services.screening import RuleRejected
from agora.testing import images

from .conftest import remove_by_jury, seated

# Every test here runs on the filesystem and on S3 (SeaweedFS): `media_store`.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_store")]


def staged(community, author, picture, alt="Two cups of coffee on a counter"):
    image = media.receive_image(uploader=author, community=community, purpose="post", data=picture)
    return (image.key, alt)


def post_with_images(community, author, *pictures):
    return conversations.write_post(
        community=community,
        author=author,
        title="Café",
        body="Nos tasses.",
        images=[staged(community, author, p) for p in pictures],
    )


def url_of(attachment) -> str:
    name = attachment.image.renditions[0]["name"].rsplit("/", 1)[-1]
    return reverse("media:image", args=[attachment.image.key, name])


def test_a_steward_hides_one_image_the_jurors_see_it_the_rest_stays(
    media_served, jury_community, camille, client_for
):
    author = jury_community.members[0]
    post = post_with_images(
        jury_community, author, images.encoded(images.scene(seed=1), "PNG"), images.jpeg(seed=2)
    )
    first, second = post.attachments.order_by("position")
    page = client_for(camille).get(
        reverse("conversations:post", args=[jury_community.slug, post.pk])
    )
    assert page.content.decode().count('data-testid="hide-image"') == 2

    response = client_for(camille).post(
        reverse("moderation:hide_image", args=[jury_community.slug, post.pk, first.pk]),
        {"article": 1, "reason": "A stranger's face, shown without their consent."},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.attachment == first and case.post == post
    assert "Image 1: A stranger's face" in case.facts
    first.refresh_from_db()
    assert first.hidden_at is not None
    post.refresh_from_db()
    assert post.moderation_state == ModerationState.VISIBLE  # the text and the other image stay

    assert client_for().get(url_of(first)).status_code == 404
    assert client_for().get(url_of(second)).status_code == media_served
    assert client_for(author).get(url_of(first)).status_code == media_served  # its author
    juror = seated(case)[0].user
    assert client_for(juror).get(url_of(first)).status_code == media_served
    outsider = next(m for m in jury_community.members if m not in {s.user for s in seated(case)})
    if outsider != author:
        assert client_for(outsider).get(url_of(first)).status_code == 404
    case_page = client_for(juror).get(
        reverse("moderation:case", args=[jury_community.slug, case.pk])
    )
    assert 'data-testid="case-images"' in case_page.content.decode()
    assert "The image this case is about" in case_page.content.decode()
    feed = client_for().get(reverse("communities:detail", args=[jury_community.slug]))
    assert url_of(first).rsplit("/", 1)[0] not in feed.content.decode()
    assert second.image.key in feed.content.decode()  # the card leads with the one shown
    assert b'data-testid="gallery-more"' not in feed.content  # and counts only what is shown
    assert JournalEntry.objects.filter(kind=EntryKind.URGENT, case=case).exists()

    # Another steward action on the same image is refused; on the other one, a second case.
    again = client_for(camille).post(
        reverse("moderation:hide_image", args=[jury_community.slug, post.pk, first.pk]),
        {"article": 1, "reason": "Again, the same face."},
    )
    assert again.status_code == 409


def decide(case, choice):
    for juror in [seat.user for seat in seated(case)][:3]:
        votes.cast_vote(case=case, juror=juror, choice=choice)
    case.refresh_from_db()
    return case


def test_a_jury_that_keeps_the_image_brings_it_back(
    media_served, jury_community, camille, client_for
):
    author = jury_community.members[0]
    post = post_with_images(jury_community, author, images.jpeg(seed=4))
    attachment = post.attachments.get()
    case = cases.hide_image_urgently(
        steward=camille, attachment=attachment, article_number=1, reason="Looks like spam to me."
    )
    decide(case, "keep")
    attachment.refresh_from_db()
    assert attachment.hidden_at is None
    assert client_for().get(url_of(attachment)).status_code == media_served
    assert not RemovedImage.objects.exists()


def test_a_removed_image_is_recognised_when_it_comes_back(jury_community, camille, client_for):
    author = jury_community.members[0]
    picture = images.scene(800, 600, seed=7)
    post = post_with_images(jury_community, author, images.encoded(picture, "PNG"))
    attachment = post.attachments.get()
    case = cases.hide_image_urgently(
        steward=camille, attachment=attachment, article_number=1, reason="A stranger's face."
    )
    decide(case, "remove")
    attachment.refresh_from_db()
    assert attachment.hidden_at is not None  # withheld for good (its files kept for an appeal)
    assert client_for().get(url_of(attachment)).status_code == 404
    remembered = RemovedImage.objects.get()
    assert remembered.case == case and remembered.phash == attachment.image.phash

    # The same picture, smaller and re-encoded, from another member: held, citing the case.
    again = images.encoded(picture.resize((640, 480)), "JPEG", quality=70)
    other = jury_community.members[5]
    reposted = post_with_images(jury_community, other, again)
    assert reposted.moderation_state == ModerationState.HELD
    held = JournalEntry.objects.get(kind=EntryKind.HELD)
    assert f"(dossier n° {case.pk})" in held.facts  # in the community's language
    assert Case.objects.filter(post=reposted, state="open").exists()
    # An unrelated picture goes through.
    fine = post_with_images(jury_community, other, images.encoded(images.scene(seed=99), "PNG"))
    assert fine.moderation_state == ModerationState.VISIBLE


def test_a_jury_removing_a_post_withholds_and_remembers_its_images(
    media_served, jury_community, client_for, django_capture_on_commit_callbacks
):
    author = jury_community.members[0]
    post = post_with_images(jury_community, author, images.encoded(images.scene(seed=11), "PNG"))
    attachment = post.attachments.get()
    assert client_for().get(url_of(attachment)).status_code == media_served
    case = remove_by_jury(jury_community, post)
    assert case.decision == "remove"
    assert client_for().get(url_of(attachment)).status_code == 404
    assert client_for(author).get(url_of(attachment)).status_code == media_served  # the author
    assert RemovedImage.objects.filter(case=case, phash=attachment.image.phash).exists()


def test_the_charters_rules_read_image_descriptions(jury_community, camille, join):
    articles = [
        {
            "title": "Respect",
            "body": "No insults.",
            "rules": [{"kind": "terms", "action": "reject", "terms": ["abruti"]}],
        }
    ]
    charter_services.publish_charter_version(
        community=jury_community, by=camille, articles=articles
    )
    author = join(jury_community.members[0], jury_community)
    key_alt = staged(jury_community, author, images.jpeg(seed=5), alt="Le vendeur, cet abruti")
    with pytest.raises(RuleRejected):
        conversations.write_post(
            community=jury_community, author=author, title="T", body="B", images=[key_alt]
        )
    assert not Post.objects.filter(title="T").exists()
    assert not Attachment.objects.exists()


def test_images_refused_for_a_case_url_of_another_post(jury_community, camille, client_for):
    author = jury_community.members[0]
    post = post_with_images(jury_community, author, images.jpeg(seed=6))
    other = conversations.write_post(community=jury_community, author=author, title="O", body="B")
    attachment = post.attachments.get()
    response = client_for(camille).get(
        reverse("moderation:hide_image", args=[jury_community.slug, other.pk, attachment.pk])
    )
    assert response.status_code == 404
    member = client_for(jury_community.members[2]).get(
        reverse("moderation:hide_image", args=[jury_community.slug, post.pk, attachment.pk])
    )
    assert member.status_code in (403, 404)


def test_the_flag_and_urgent_pages_show_the_items_images(jury_community, camille, client_for):
    author = jury_community.members[0]
    post = post_with_images(jury_community, author, images.jpeg(seed=8), images.jpeg(seed=9))
    flagger = client_for(jury_community.members[1])
    page = flagger.get(reverse("moderation:flag_post", args=[jury_community.slug, post.pk]))
    assert page.content.decode().count("<picture") == 2
    hide = client_for(camille).get(
        reverse("moderation:hide_post", args=[jury_community.slug, post.pk])
    )
    assert 'data-testid="item-images"' in hide.content.decode()
