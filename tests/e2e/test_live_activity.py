"""Live activity in a real browser: a steward keeps the community page open; a member posts
and replies in another browser; the steward's page offers the new post and counts the reply
without a reload (the page checks every second here instead of every 20)."""

import json

import pytest
from playwright.sync_api import expect

from .test_moderation_journey import run_script

pytestmark = pytest.mark.e2e

PASSWORD = "moulin-vapeur-8841"
SLUG = "live-brulerie"

SETUP_SCRIPT = r"""
import json, sys

import django

django.setup()

from agora.accounts.services import create_verified_account
from agora.communities.services import charter, communities, identity, membership
from agora.conversations import services as conversations

spec = json.loads(sys.argv[1])
people = {}
for handle, name in (("live_steward", "Sacha Steward"), ("live_member", "Mila Member")):
    people[handle] = create_verified_account(
        email=f"{handle}@example.org", handle=handle, display_name=name,
        password=spec["password"], language="en")
steward = people["live_steward"]
community = communities.create_community(founder=steward, name="Live Brûlerie",
                                         slug=spec["slug"], description="Coffee, live.",
                                         visibility="public")
charter.publish_charter_version(community=community, by=steward, articles=[
    {"title": "Kindness", "body": "We criticise ideas, never people."}])
identity.set_identity(community=community, by=steward, address_form="neutral",
                      emoji_policy="sparing", tone=["warm"], preferred_terms=[],
                      banned_terms=[], language="en")
identity.set_mindset(community=community, by=steward, values=["Coffee is shared."])
membership.consent_to_charter(community=community, user=people["live_member"], version_number=1)
status = conversations.publish_status(community=community, by=steward, title="Morning roast",
                                      body="What are you drinking today?")
print(json.dumps({"status": status.pk}))
"""


@pytest.fixture(scope="module")
def live_world(agora_server) -> dict:
    """The community, its steward, its member and a status, made once for the module."""
    return run_script(agora_server, SETUP_SCRIPT, json.dumps({"password": PASSWORD, "slug": SLUG}))


def log_in(new_context, handle: str, **options):
    page = new_context(**options).new_page()
    page.add_init_script("window.agoraLiveEvery = 1000")
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill(f"{handle}@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name=f"@{handle}")).to_be_visible()
    return page


def test_an_open_page_shows_new_posts_and_replies_without_reloading(new_context, live_world):
    made = live_world
    steward = log_in(new_context, "live_steward")
    steward.goto(f"/c/{SLUG}/")
    steward.evaluate("window.notReloaded = true")
    expect(steward.get_by_test_id("post")).to_have_count(1)
    expect(steward.get_by_test_id("unread-count")).to_have_count(0)

    member = log_in(new_context, "live_member")
    member.goto(f"/c/{SLUG}/posts/new/")
    member.get_by_label("Title").fill("A new grinder")
    member.get_by_label("Text").fill("Burr or blade, what do you think?")
    member.get_by_role("button", name="Publish").click()
    member.goto(f"/c/{SLUG}/p/{made['status']}/")
    member.get_by_label("Your comment").fill("A washed Ethiopian, as always!")
    member.get_by_role("button", name="Comment", exact=True).click()
    expect(member.get_by_test_id("comment")).to_have_count(1)

    news = steward.get_by_test_id("new-posts")
    expect(news).to_have_text("1 new post — show", timeout=15_000)
    expect(steward.get_by_test_id("unread-count")).to_have_text("1", timeout=15_000)
    news.click()
    expect(steward.get_by_test_id("post")).to_have_count(2)
    expect(steward.get_by_test_id("post").first).to_contain_text("A new grinder")
    expect(news).to_have_count(0)
    assert steward.evaluate("window.notReloaded === true"), "the page reloaded"

    # Nothing new since: the checks go on, answered 304, and offer nothing.
    with steward.expect_response(lambda r: "/live/" in r.url and r.status == 304, timeout=10_000):
        pass
    expect(steward.get_by_test_id("new-posts")).to_have_count(0)
    assert not new_context.server_errors, new_context.server_errors


def test_an_open_post_page_shows_a_new_comment_keeping_the_draft(new_context, live_world):
    steward = log_in(new_context, "live_steward")
    status_path = f"c/{SLUG}/p/{live_world['status']}/"
    steward.goto(f"/{status_path}")
    steward.evaluate("window.notReloaded = true")
    draft = steward.get_by_label("Your comment")
    draft.fill("Thanks all, I am writing a long answer")
    before = steward.get_by_test_id("comment").count()

    member = log_in(new_context, "live_member")
    member.goto(f"/{status_path}")
    member.get_by_label("Your comment").fill("A natural Kenyan this time.")
    member.get_by_role("button", name="Comment", exact=True).click()
    expect(member.get_by_test_id("comment").filter(has_text="natural Kenyan")).to_be_visible()

    news = steward.get_by_test_id("new-comments")
    expect(news).to_have_text("1 new comment — show", timeout=15_000)
    news.click()
    expect(steward.get_by_test_id("comment")).to_have_count(before + 1)
    expect(steward.get_by_test_id("comment").filter(has_text="natural Kenyan")).to_be_visible()
    expect(draft).to_have_value("Thanks all, I am writing a long answer")  # the draft stays
    assert steward.evaluate("window.notReloaded === true"), "the page reloaded"
    assert not new_context.server_errors, new_context.server_errors
