"""Photos in a post, in a real browser against a real server and worker.

A member adds two photos to a post (one through the file button, one dropped on the
picker), reads the coach's word on the missing descriptions, describes both, removes a
refused file (a PDF named .jpg), and publishes. The feed shows the lead photo and "+1
photo"; the post's gallery opens full screen and moves with the keyboard, and on a phone
with a swipe, without anything overflowing sideways. A steward hides one photo (urgent
action): visitors see the other only. Once a jury confirmed the removal, the same picture
posted again, smaller and re-encoded, is held for review.

The drop is the page's own drag events carrying a DataTransfer with the file (Playwright
cannot drag a file from outside the browser); the swipes are touch events sent through the
DevTools protocol. Swiping back to the previous photo on a phone does not work yet: the
second test says so (expected to fail until it is fixed).

The live server is another process: its data are prepared, and the jury's votes cast, by
small Python scripts run against its database with the server's environment.
"""

import base64
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from agora.testing import images

from .test_moderation_journey import run_script

pytestmark = pytest.mark.e2e

PASSWORD = "ferry-levain-6392"  # every account of this journey shares it
SLUG = "port-aux-photos"
PREFIX = "ph"  # the accounts' handles
COMMUNITY_NAME = "Le Port aux Photos"
ARTICLE = ("Respect", "No picture of a person without their consent.")
PHONE = {"width": 390, "height": 844}

TITLE = "Saturday at the harbour"
BODY = "The ferry left at dawn, and the bakery on the quay had its first sourdough."
FERRY_ALT = "A red ferry leaving the harbour at dawn, gulls above it"
LOAF_ALT = "A round sourdough loaf on a wooden board, cut open to show its crumb"
MISSING_ADVICE = "This image has no description."
REFUSED_MESSAGE = (
    "receipt.jpg: This file is not a picture we accept: choose a JPEG, PNG, WebP, GIF or AVIF "
    "photo."
)
HIDE_REASON = "A passenger's face is recognisable on the ferry's deck, without consent."
AGAIN_TITLE = "The ferry again"
AGAIN_BODY = "Posting the ferry once more, smaller this time."
AGAIN_ALT = "A red ferry in the harbour, seen from the quay"

# Runs inside the live server's environment: a steward's public community with a charter,
# the member who posts photos, and members who joined ten days ago (so they sit on juries);
# when asked, a post of theirs with photos drawn in memory (small: prepared at once).
SETUP_SCRIPT = r"""
import json, sys
from datetime import timedelta

import django

django.setup()

from agora.accounts.services import create_verified_account
from agora.communities.models import Membership
from agora.communities.services import charter as charter_services
from agora.communities.services import communities as communities_services
from agora.communities.services import identity as identity_services
from agora.communities.services import membership as membership_services
from agora.core.clock import now

spec = json.loads(sys.argv[1])


def account(handle, name):
    return create_verified_account(email=f"{handle}@example.org", handle=handle,
                                   display_name=name, password=spec["password"], language="en")


prefix = spec["prefix"]
steward = account(f"{prefix}_steward", "Solène Steward")
community = communities_services.create_community(
    founder=steward, name=spec["name"], slug=spec["slug"],
    description="Photos of the harbour and its bakery.", visibility="public")
charter_services.publish_charter_version(community=community, by=steward, articles=[
    {"title": spec["article"][0], "body": spec["article"][1]},
    {"title": "No spam", "body": "Announce commercial links as such."}])
identity_services.set_identity(community=community, by=steward, address_form="neutral",
                               emoji_policy="sparing", tone=["warm"], preferred_terms=[],
                               banned_terms=[], language="en")
identity_services.set_mindset(community=community, by=steward, values=["Look, then share."])
author = account(f"{prefix}_author", "Paloma Photo")
members = [account(f"{prefix}_member{n}", f"Member {n}") for n in range(1, 9)]
for user in [author, *members]:
    membership_services.consent_to_charter(community=community, user=user, version_number=1)
Membership.objects.filter(community=community).update(joined_at=now() - timedelta(days=10))
result = {}
if spec.get("post"):
    from agora.conversations.services import write_post
    from agora.media.services.images import receive_image
    from agora.testing import images

    staged = []
    for photo in spec["post"]["photos"]:
        picture = images.scene(photo["width"], photo["height"], seed=photo["seed"])
        image = receive_image(uploader=author, community=community, purpose="post",
                              data=images.encoded(picture, "JPEG", quality=85))
        staged.append((image.key, photo["alt"]))
    post = write_post(community=community, author=author, title=spec["post"]["title"],
                      body=spec["post"]["body"], images=staged)
    result["post_id"] = post.pk
print(json.dumps(result))
"""

# Three of the case's seated jurors vote to remove: the image is withheld for good and its
# perceptual hash remembered.
DECIDE_SCRIPT = r"""
import json, sys

import django

django.setup()

from agora.moderation.models import Case, Juror, RemovedImage
from agora.moderation.services.votes import cast_vote

case = Case.objects.get(pk=int(sys.argv[1]))
seated = Juror.objects.filter(case=case, released_at__isnull=True).select_related("user")
for juror in list(seated.order_by("pk"))[:3]:
    cast_vote(case=case, juror=juror.user, choice="remove", reason="Consent matters.")
case.refresh_from_db()
print(json.dumps({
    "state": case.state,
    "decision": case.decision,
    "jury_size": case.jury_size,
    "removed_images": RemovedImage.objects.filter(case=case).count(),
}))
"""

# A file dropped on the picker: the page builds the File from its bytes and dispatches the
# drag events with that DataTransfer, as a browser does for a file dragged from the desktop.
DATA_TRANSFER = """({data, name, type}) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  return transfer;
}"""

NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth"


def _path(pattern: str) -> re.Pattern:
    """A URL pattern for expect(page).to_have_url(), anchored on the path."""
    return re.compile(r"^https?://[^/]+" + pattern + r"(?:[?#].*)?$")


def field(scope, label: str) -> Locator:
    """The form field with this label (Django's labels end with a colon)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def log_in(new_context, handle: str, **options) -> Page:
    page = new_context(**options).new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill(f"{handle}@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name=f"@{handle}")).to_be_visible()
    return page


def write_file(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def drop_file(page: Page, target: Locator, path: Path, mime: str) -> None:
    transfer = page.evaluate_handle(
        DATA_TRANSFER,
        {"data": base64.b64encode(path.read_bytes()).decode(), "name": path.name, "type": mime},
    )
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    expect(target).to_have_class(re.compile(r"\bdragging\b"))
    target.dispatch_event("drop", {"dataTransfer": transfer})
    expect(target).not_to_have_class(re.compile(r"\bdragging\b"))


def staged(page: Page, index: int) -> Locator:
    return page.get_by_test_id("staged-image").nth(index)


def expect_staged_ready(item: Locator) -> None:
    """Uploaded, prepared (the worker's, for a large one) and shown as a preview."""
    expect(item.locator(".staged-preview img")).to_be_visible(timeout=30_000)
    expect(item.get_by_test_id("image-alt")).to_be_visible()


def expect_shown(image: Locator) -> None:
    """The picture is on screen and its file arrived and decoded (not a broken image)."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    image.page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


def swipe(page: Page, start_x: int, end_x: int, y: int) -> None:
    """A finger sliding horizontally across the screen: real touch events, through CDP."""
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start_x, "y": y}]}
    )
    step = (end_x - start_x) // 5
    for n in range(1, 6):
        point = {"x": start_x + step * n, "y": y}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_photos_in_a_post_gallery_steward_hide_and_reupload_held(
    new_context, agora_server, tmp_path
):
    run_script(
        agora_server,
        SETUP_SCRIPT,
        json.dumps(
            {
                "password": PASSWORD,
                "prefix": PREFIX,
                "slug": SLUG,
                "name": COMMUNITY_NAME,
                "article": ARTICLE,
            }
        ),
    )
    ferry_picture = images.scene(1600, 1200, seed=7)  # 1.9 megapixels: the worker prepares it
    ferry = write_file(tmp_path, "ferry.jpg", images.encoded(ferry_picture, "JPEG", quality=90))
    loaf = write_file(tmp_path, "loaf.png", images.encoded(images.scene(1000, 750, seed=21), "PNG"))
    receipt = write_file(tmp_path, "receipt.jpg", images.pdf_named_jpg())
    ferry_again = write_file(
        tmp_path,
        "ferry-small.jpg",
        images.encoded(ferry_picture.resize((640, 480)), "JPEG", quality=70),
    )
    feed_path = f"/c/{SLUG}/"

    # 1. The composer: one photo through the file button, one dropped on the picker.
    author = log_in(new_context, f"{PREFIX}_author")
    author.goto(f"/c/{SLUG}/posts/new/")
    picker = author.get_by_test_id("image-picker")
    expect(picker.get_by_text("Add photos")).to_be_visible()
    with author.expect_file_chooser() as chooser:
        picker.get_by_text("Add photos").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files(ferry)
    expect(author.get_by_test_id("staged-image")).to_have_count(1)
    drop_file(author, picker, loaf, "image/png")
    expect(author.get_by_test_id("staged-image")).to_have_count(2)
    first, second = staged(author, 0), staged(author, 1)
    expect_staged_ready(first)
    expect_staged_ready(second)

    # The coach says each photo lacks a description; describing it quiets the coach.
    for item in (first, second):
        expect(item.get_by_test_id("alt-advice")).to_contain_text(MISSING_ADVICE)
    first.get_by_label("Description for people who cannot see it").fill(FERRY_ALT)
    expect(first.get_by_test_id("alt-advice")).to_have_text("")
    expect(second.get_by_test_id("alt-advice")).to_contain_text(MISSING_ADVICE)
    second.get_by_label("Description for people who cannot see it").fill(LOAF_ALT)
    expect(second.get_by_test_id("alt-advice")).to_have_text("")

    # A PDF named .jpg is refused beside its file, with the server's reason, then removed.
    author.get_by_test_id("image-input").set_input_files(receipt)
    refused = author.get_by_test_id("staged-image").nth(2)
    expect(refused.get_by_role("alert")).to_have_text(REFUSED_MESSAGE)
    refused.get_by_role("button", name="Remove").click()
    expect(author.get_by_test_id("staged-image")).to_have_count(2)
    expect(author.get_by_text("receipt.jpg")).to_have_count(0)

    field(author, "Title").fill(TITLE)
    field(author, "Text").fill(BODY)
    author.get_by_role("button", name="Publish").click()
    expect(author.get_by_role("heading", name=TITLE)).to_be_visible()
    post_path = re.sub(r"^https?://[^/]+", "", author.url).split("#")[0]
    assert re.fullmatch(rf"/c/{SLUG}/p/\d+/", post_path), post_path

    # 2. The feed: the lead photo and "+1 photo".
    author.goto(feed_path)
    card = author.get_by_test_id("post").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    lead = card.get_by_test_id("gallery-image")
    expect(lead).to_have_count(1)
    expect(lead.locator("img")).to_have_attribute("alt", FERRY_ALT)
    expect_shown(lead.locator("img"))
    expect(card.get_by_test_id("gallery-more")).to_have_text("+1 photo")
    lead.click()
    expect(author).to_have_url(_path(post_path))

    # 3. The gallery: each photo sized ahead, described; full screen, moved with the keys.
    gallery = author.get_by_test_id("gallery")
    links = gallery.get_by_test_id("gallery-image")
    expect(links).to_have_count(2)
    for link, alt, (width, height) in (
        (links.nth(0), FERRY_ALT, (1600, 1200)),
        (links.nth(1), LOAF_ALT, (1000, 750)),
    ):
        image = link.locator("img")
        expect(image).to_have_attribute("alt", alt)
        expect(image).to_have_attribute("width", str(width))
        expect(image).to_have_attribute("height", str(height))
        expect_shown(image)
    links.nth(0).click()
    lightbox = author.get_by_test_id("lightbox")
    expect(lightbox).to_be_visible()
    expect(lightbox).to_have_attribute("role", "dialog")
    expect(lightbox).to_have_attribute("aria-label", "Open image 1 of 2 full size")
    expect(lightbox.locator("img")).to_have_attribute("alt", FERRY_ALT)
    author.keyboard.press("ArrowRight")
    expect(lightbox).to_have_attribute("aria-label", "Open image 2 of 2 full size")
    expect(lightbox.locator("img")).to_have_attribute("alt", LOAF_ALT)
    second_href = links.nth(1).get_attribute("href")  # the large size, not the page's size
    expect(lightbox.locator("img")).to_have_attribute(
        "src", re.compile(rf"^https?://[^/]+{re.escape(second_href)}$")
    )
    expect_shown(lightbox.locator("img"))
    author.keyboard.press("ArrowLeft")
    expect(lightbox.locator("img")).to_have_attribute("alt", FERRY_ALT)
    author.keyboard.press("ArrowRight")
    expect(lightbox.locator("img")).to_have_attribute("alt", LOAF_ALT)
    author.keyboard.press("Escape")
    expect(lightbox).to_have_count(0)
    expect(links.nth(1)).to_be_focused()

    # 4. On a phone: the same feed and gallery, a swipe moves, nothing overflows sideways.
    phone = new_context(
        storage_state=author.context.storage_state(),
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    ).new_page()
    phone.goto(feed_path)
    phone_card = phone.get_by_test_id("post").filter(has_text=TITLE)
    expect(phone_card.get_by_test_id("gallery-image").locator("img")).to_be_visible()
    expect(phone_card.get_by_test_id("gallery-more")).to_have_text("+1 photo")
    shot = agora_server.tmp_dir / "photos-feed-phone.png"
    phone.screenshot(path=str(shot), full_page=True)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), f"the feed scrolls sideways on a phone ({shot})"
    phone_card.get_by_test_id("gallery-image").tap()
    expect(phone).to_have_url(_path(post_path))
    phone_links = phone.get_by_test_id("gallery").get_by_test_id("gallery-image")
    expect(phone_links).to_have_count(2)
    shot = agora_server.tmp_dir / "photos-post-phone.png"
    phone.screenshot(path=str(shot), full_page=True)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), f"the post scrolls sideways on a phone ({shot})"
    phone_links.nth(0).tap()
    phone_box = phone.get_by_test_id("lightbox")
    expect(phone_box.locator("img")).to_have_attribute("alt", FERRY_ALT)
    box = phone_box.bounding_box()
    assert box and box["width"] <= PHONE["width"] + 1, box
    middle = PHONE["height"] // 2
    swipe(phone, 300, 80, middle)  # right to left: the next photo
    expect(phone_box.locator("img")).to_have_attribute("alt", LOAF_ALT)
    # Back with the viewer's own button (a swipe back: see the test below).
    phone_box.get_by_role("button", name="Previous").tap()
    expect(phone_box.locator("img")).to_have_attribute("alt", FERRY_ALT)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), "the full-screen viewer scrolls sideways"
    phone_box.get_by_role("button", name="Close").tap()
    expect(phone_box).to_have_count(0)

    # 5. The steward hides the ferry photo at once, citing an article and a reason.
    steward = log_in(new_context, f"{PREFIX}_steward")
    steward.goto(post_path)
    hide_links = steward.get_by_test_id("hide-image")
    expect(hide_links).to_have_count(2)
    expect(hide_links.first).to_have_text("Hide this image (urgent)")
    author.goto(post_path)  # the author does not see the steward's links
    expect(author.get_by_test_id("gallery-image")).to_have_count(2)
    expect(author.get_by_test_id("hide-image")).to_have_count(0)
    ferry_url = steward.get_by_test_id("gallery-image").first.get_attribute("href")
    hide_links.first.click()
    expect(steward.get_by_role("heading", name="Hide this image at once")).to_be_visible()
    field(steward, "Article").select_option(label=f"1. {ARTICLE[0]}")
    field(steward, "Reason (public, in the journal)").fill(HIDE_REASON)
    steward.get_by_test_id("hide-image-submit").click()
    expect(steward).to_have_url(_path(rf"/c/{SLUG}/cases/\d+/"))
    expect(
        steward.get_by_role("status").filter(
            has_text="The image is hidden. A jury of members will confirm or overturn it."
        )
    ).to_be_visible()
    case_id = int(re.search(r"/cases/(\d+)/", steward.url).group(1))

    # A visitor sees the loaf only, in the post and in the feed; the ferry's file is refused.
    visitor = new_context().new_page()
    visitor.goto(post_path)
    expect(visitor.get_by_test_id("post-body")).to_contain_text(BODY)
    visible = visitor.get_by_test_id("gallery").get_by_test_id("gallery-image")
    expect(visible).to_have_count(1)
    expect(visible.locator("img")).to_have_attribute("alt", LOAF_ALT)
    expect_shown(visible.locator("img"))
    expect(visitor.get_by_role("img", name=FERRY_ALT)).to_have_count(0)
    assert visitor.request.get(ferry_url).status in (403, 404)
    visitor.goto(feed_path)
    visitor_card = visitor.get_by_test_id("post").filter(has_text=TITLE)
    expect(visitor_card.get_by_test_id("gallery-image").locator("img")).to_have_attribute(
        "alt", LOAF_ALT
    )
    expect(visitor_card.get_by_test_id("gallery-more")).to_have_count(0)

    # 6. A jury confirms the removal (three of its five vote remove).
    decided = run_script(agora_server, DECIDE_SCRIPT, str(case_id))
    assert decided["state"] == "decided" and decided["decision"] == "remove", decided
    assert decided["removed_images"] == 1, decided

    # 7. The author posts the same ferry again, smaller and re-encoded: held for review.
    author.goto(f"/c/{SLUG}/posts/new/")
    author.get_by_test_id("image-input").set_input_files(ferry_again)
    again = staged(author, 0)
    expect_staged_ready(again)
    again.get_by_label("Description for people who cannot see it").fill(AGAIN_ALT)
    field(author, "Title").fill(AGAIN_TITLE)
    field(author, "Text").fill(AGAIN_BODY)
    author.get_by_role("button", name="Publish").click()
    expect(author.get_by_role("heading", name=AGAIN_TITLE)).to_be_visible()
    expect(author.get_by_test_id("held-banner")).to_contain_text(
        "Held, pending review: only you can see this until a jury of members decides."
    )
    held_path = re.sub(r"^https?://[^/]+", "", author.url).split("#")[0]
    author.goto(feed_path)
    held_card = author.get_by_test_id("post").filter(has_text=AGAIN_TITLE)
    expect(held_card.get_by_test_id("under-review")).to_have_text("under review")
    expect(
        author.get_by_test_id("post").filter(has_text=TITLE).get_by_test_id("under-review")
    ).to_have_count(0)
    author.goto("/moderation/notices/")
    expect(
        author.get_by_test_id("journal-entry").filter(
            has_text="near-identical to one a jury removed on"
        )
    ).to_contain_text(f"(case #{case_id})")

    # Visitors see neither the held post in the feed nor its content.
    visitor.goto(feed_path)
    expect(visitor.get_by_test_id("post").filter(has_text=TITLE)).to_have_count(1)
    expect(visitor.get_by_test_id("post").filter(has_text=AGAIN_TITLE)).to_have_count(0)
    visitor.goto(held_path)
    expect(
        visitor.get_by_text("This post is held, pending review by a jury of members.")
    ).to_be_visible()
    expect(visitor.get_by_text(AGAIN_BODY)).to_have_count(0)

    assert not new_context.server_errors, (
        f"the server answered with errors: {new_context.server_errors}"
    )


def test_a_swipe_back_in_the_viewer_on_a_phone_shows_the_previous_photo(new_context, agora_server):
    prefix, slug = "sw", "port-aux-photos-swipe"
    setup = run_script(
        agora_server,
        SETUP_SCRIPT,
        json.dumps(
            {
                "password": PASSWORD,
                "prefix": prefix,
                "slug": slug,
                "name": "Le Port du Pouce",
                "article": ARTICLE,
                "post": {
                    "title": TITLE,
                    "body": BODY,
                    "photos": [
                        {"width": 1000, "height": 750, "seed": 7, "alt": FERRY_ALT},
                        {"width": 1000, "height": 750, "seed": 21, "alt": LOAF_ALT},
                    ],
                },
            }
        ),
    )
    post_path = f"/c/{slug}/p/{setup['post_id']}/"
    # A visitor on a phone comes from the feed, as people do, then opens the first photo.
    phone = new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ).new_page()
    phone.goto(f"/c/{slug}/")
    phone.get_by_test_id("post").filter(has_text=TITLE).get_by_test_id("gallery-image").tap()
    expect(phone).to_have_url(_path(post_path))
    phone.get_by_test_id("gallery").get_by_test_id("gallery-image").first.tap()
    viewer = phone.get_by_test_id("lightbox")
    expect(viewer.locator("img")).to_have_attribute("alt", FERRY_ALT)
    middle = PHONE["height"] // 2
    swipe(phone, 300, 80, middle)  # right to left: the next photo (this works)
    expect(viewer.locator("img")).to_have_attribute("alt", LOAF_ALT)
    swipe(phone, 80, 300, middle)  # left to right: the previous photo, on the same page
    expect(viewer.locator("img")).to_have_attribute("alt", FERRY_ALT, timeout=5_000)
    expect(phone).to_have_url(_path(post_path))
