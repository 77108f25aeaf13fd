"""The main journey, in a real browser against a real server and worker.

A steward founds a community, is refused a status until the charter, identity and mindset
exist, writes them, publishes; a member joins by consenting, comments with a mention and
reacts; the steward is notified, publishes a new charter version; the member must read what
changed and consent again before the next comment.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Person:
    email: str
    handle: str
    name: str
    password: str


STEWARD = Person("ines@example.org", "ines_m", "Inès Martin", "lanterne-vive-2718")
MEMBER = Person("paul@example.org", "paul_b", "Paul Bernard", "colibri-tranquille-99")

COMMUNITY = {
    "name": "Les Amis du Vélo",
    "slug": "amis-du-velo",
    "description": "Pour celles et ceux qui roulent en ville, par tous les temps.",
}
ARTICLES = [
    ("Bienveillance", "On critique les idées, jamais les personnes."),
    ("Pas de publicité", "Les liens commerciaux sont annoncés comme tels."),
]
ARTICLE_2_V2 = "Les liens commerciaux sont annoncés comme tels et restent rares."
STATUS_TITLE = "Bienvenue à bord"
STATUS_BODY = "Bonjour à vous ! Partagez vos plus beaux trajets de la semaine."


def _path(pattern: str) -> re.Pattern:
    """A URL pattern for expect(page).to_have_url(), anchored on the path."""
    return re.compile(r"^https?://[^/]+" + pattern + r"(?:[?#].*)?$")


def field(page: Page, label: str):
    """The form field with this label (Django's labels end with a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def sign_up_and_verify(page: Page, person: Person, mail_link) -> None:
    page.goto("/accounts/signup/")
    field(page, "E-mail address").fill(person.email)
    field(page, "Handle").fill(person.handle)
    field(page, "Display name").fill(person.name)
    field(page, "Password").fill(person.password)
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(_path("/"))
    expect(page.get_by_role("status").filter(has_text="Please verify your e-mail")).to_be_visible()

    # The verification e-mail is sent by the worker process, after the sign-up commits.
    link = mail_link(person.email)
    assert "/accounts/verify/" in link, link
    page.goto(link)
    expect(page.get_by_text("Thank you, your e-mail address is verified.")).to_be_visible()
    expect(page.get_by_text("Please verify your e-mail address")).to_have_count(0)
    expect(page.get_by_role("link", name=f"@{person.handle}")).to_be_visible()


def publish_first_charter(page: Page, slug: str, articles) -> None:
    """The wizard's first step: the charter's articles, published as version 1."""
    expect(page).to_have_url(_path(f"/c/{slug}/setup/charter/"))
    for index, (title, body) in enumerate(articles):
        page.locator(f'[name="articles-{index}-title"]').fill(title)
        page.locator(f'[name="articles-{index}-body"]').fill(body)
    page.get_by_role("button", name="Publish the charter").click()
    expect(page.get_by_text("The charter is published as version 1.")).to_be_visible()


def test_main_journey(new_context, mail_link, agora_server):
    slug = COMMUNITY["slug"]
    community_path = f"/c/{slug}/"

    # 1. The steward-to-be signs up and verifies the address through the e-mailed link.
    steward = new_context().new_page()
    sign_up_and_verify(steward, STEWARD, mail_link)

    # 2. They found a community, skip the wizard, and are refused a first status.
    steward.get_by_role("link", name="Start a community").click()
    expect(steward).to_have_url(_path("/c/new/"))
    field(steward, "Name").fill(COMMUNITY["name"])
    field(steward, "Address").fill(slug)
    field(steward, "Description").fill(COMMUNITY["description"])
    steward.get_by_role("radio", name=re.compile(r"^Public")).check()
    steward.get_by_role("button", name="Create and write the charter").click()
    expect(steward).to_have_url(_path(f"/c/{slug}/setup/charter/"))

    steward.get_by_role("link", name="Finish later").click()
    expect(steward).to_have_url(_path(community_path))
    # The launch checklist: its foundations are the first steps, not done yet.
    launch = steward.get_by_test_id("launch-checklist")
    expect(launch).to_be_visible()
    for step in ("charter", "identity", "mindset"):
        expect(launch.get_by_test_id(f"launch-{step}")).to_have_attribute("data-done", "false")

    steward.get_by_role("link", name="Publish a status").click()
    expect(steward).to_have_url(_path(f"/c/{slug}/statuses/new/"))
    field(steward, "Title (optional)").fill(STATUS_TITLE)
    field(steward, "Status").fill(STATUS_BODY)
    steward.get_by_role("button", name="Publish", exact=True).click()
    refusal = steward.get_by_test_id("refusal")
    expect(refusal).to_be_visible()
    for what in ("a charter", "an identity", "a mindset"):
        expect(refusal).to_contain_text(what)
    write_charter = refusal.get_by_role("link", name=re.compile("charter"))
    expect(write_charter).to_have_attribute("href", f"/c/{slug}/setup/charter/")

    # 3. They follow the link and lay the three foundations, then publish for real.
    write_charter.click()
    publish_first_charter(steward, slug, ARTICLES)

    expect(steward).to_have_url(_path(f"/c/{slug}/setup/identity/"))
    steward.get_by_role("radio", name="Vous (formal French)").check()
    field(steward, "Tone, in a few words").fill("chaleureux, précis")
    steward.get_by_role("radio", name="Sparingly (one or two)").check()
    field(steward, "Signature").fill("L'équipe du Vélo")
    steward.get_by_role("button", name="Save the identity").click()
    expect(steward.get_by_text("The community's identity is saved.")).to_be_visible()

    expect(steward).to_have_url(_path(f"/c/{slug}/setup/mindset/"))
    field(steward, "Values, one per line").fill(
        "Personne ici ne passe avant personne.\nOn roule ensemble."
    )
    steward.get_by_role("button", name="Save the mindset").click()
    expect(steward.get_by_text("The community's mindset is saved.")).to_be_visible()
    expect(steward).to_have_url(_path(community_path))
    for step in ("charter", "identity", "mindset"):  # ticked from what was just written
        expect(launch.get_by_test_id(f"launch-{step}")).to_have_attribute("data-done", "true")

    steward.get_by_role("link", name="Publish a status").click()
    field(steward, "Title (optional)").fill(STATUS_TITLE)
    field(steward, "Status").fill(STATUS_BODY)
    steward.get_by_role("button", name="Publish", exact=True).click()
    expect(steward.get_by_text("Your status is published.")).to_be_visible()
    expect(steward).to_have_url(_path(rf"/c/{slug}/p/\d+/"))
    status_path = re.sub(r"^https?://[^/]+", "", steward.url).split("#")[0]
    steward.get_by_role("link", name=COMMUNITY["name"]).first.click()
    expect(steward).to_have_url(_path(community_path))
    status_card = steward.get_by_test_id("post").filter(has_text=STATUS_TITLE)
    expect(status_card).to_be_visible()
    expect(status_card).to_contain_text("Partagez vos plus beaux trajets")

    # 4. A member signs up, joins by consenting to the charter, comments and reacts.
    member = new_context().new_page()
    sign_up_and_verify(member, MEMBER, mail_link)
    member.goto(community_path)
    member.get_by_role("link", name="Join: read the charter").click()
    expect(member).to_have_url(_path(f"/c/{slug}/join/"))
    expect(member.get_by_text(ARTICLES[0][1])).to_be_visible()
    member.get_by_label("I have read this charter and I agree to live by it.").check()
    member.get_by_role("button", name="I consent").click()
    expect(member.get_by_text(f"Welcome to {COMMUNITY['name']}!")).to_be_visible()
    # The welcome: three good ways to start, then on to the community.
    expect(member).to_have_url(_path(f"/c/{slug}/welcome/"))
    expect(member.locator("ol.todo li")).to_have_count(3)
    member.get_by_role("link", name="Go to the community").click()
    expect(member).to_have_url(_path(community_path))

    member.get_by_test_id("post").filter(has_text=STATUS_TITLE).get_by_role(
        "link", name=STATUS_TITLE
    ).click()
    expect(member).to_have_url(_path(status_path))
    field(member, "Your comment").fill(f"Merci @{STEWARD.handle}, quelle belle idée !")
    member.get_by_role("button", name="Comment", exact=True).click()
    comment = member.get_by_test_id("comment").filter(has_text="quelle belle idée")
    expect(comment).to_be_visible()
    expect(comment.locator(f'a[href="/members/{STEWARD.handle}/"]')).to_be_visible()

    like = member.locator("article.post-full").get_by_test_id("react-like")
    expect(like).to_have_attribute("aria-pressed", "false")
    member.evaluate("window.__agoraSamePage = true")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator("span")).to_have_text("1")
    # htmx swapped the reactions block in place: the page was not reloaded.
    assert member.evaluate("window.__agoraSamePage === true"), "the reaction reloaded the page"

    # 5. The steward sees an unread notification and the mention.
    steward.reload()
    unread = steward.get_by_test_id("unread-count")
    expect(unread).to_be_visible()
    assert int(unread.inner_text().strip()) >= 1
    steward.get_by_test_id("notifications-link").click()
    expect(steward).to_have_url(_path("/notifications/"))
    # The steward is both mentioned and the post's author: Agora sends one notification, not
    # two, and words it as a reply (see test_services: "not a reply and a mention").
    actor, place = re.escape(MEMBER.name), re.escape(COMMUNITY["name"])
    # The line names the post (its first words: a status has no title) and the community.
    mention = steward.get_by_test_id("notification").filter(
        has_text=re.compile(rf"{actor} (mentioned you in|replied to) « .+ ».*{place}", re.S)
    )
    expect(mention).to_have_count(1)
    expect(mention).to_have_class(re.compile(r"\bunread\b"))
    mention.get_by_role("link").first.click()
    expect(steward).to_have_url(_path(status_path))
    mentioning = steward.get_by_test_id("comment").filter(has_text="quelle belle idée")
    expect(mentioning).to_be_visible()
    expect(mentioning.get_by_role("link", name=f"@{STEWARD.handle}")).to_be_visible()

    # Nothing overflows sideways on a phone (the steward's view: the most buttons).
    phone = new_context(storage_state=steward.context.storage_state(), viewport=PHONE).new_page()
    phone.goto(community_path)
    expect(phone.get_by_test_id("post").filter(has_text=STATUS_TITLE)).to_be_visible()
    phone.screenshot(path=str(agora_server.tmp_dir / "community-phone.png"), full_page=True)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + 1, (
        f"the community page is {scroll_width}px wide on a {PHONE['width']}px phone "
        f"(screenshot: {agora_server.tmp_dir / 'community-phone.png'})"
    )

    # 6. The steward publishes a new charter version.
    steward.goto(community_path)
    steward.get_by_role("link", name="Charter", exact=True).click()
    expect(steward).to_have_url(_path(f"/c/{slug}/charter/"))
    expect(steward.get_by_role("heading", name="Charter, version 1")).to_be_visible()
    steward.get_by_role("link", name="Propose a new version").click()
    expect(steward).to_have_url(_path(f"/c/{slug}/charter/new/"))
    second_body = steward.locator('[name="articles-1-body"]')
    expect(second_body).to_have_value(ARTICLES[1][1])
    second_body.fill(ARTICLE_2_V2)
    field(steward, "What changed, in one sentence").fill(
        "Les liens commerciaux doivent rester rares."
    )
    steward.get_by_role("button", name="Publish this version").click()
    expect(steward).to_have_url(_path(f"/c/{slug}/charter/"))
    expect(steward.get_by_text("Version 2 of the charter is published.")).to_be_visible()
    expect(steward.get_by_role("heading", name="Charter, version 2")).to_be_visible()

    # 7. The member, whose page is still open, comments again: consent comes first.
    field(member, "Your comment").fill("Et le dimanche, on roule aussi ?")
    member.get_by_role("button", name="Comment", exact=True).click()
    expect(member).to_have_url(_path(f"/c/{slug}/consent/"))
    assert f"next={status_path}" in member.url.replace("%2F", "/"), member.url
    expect(member.get_by_role("heading", name=re.compile("has changed"))).to_be_visible()
    diff = member.get_by_test_id("charter-diff")
    expect(diff).to_be_visible()
    expect(diff).to_contain_text(ARTICLES[1][0])
    expect(diff.locator("ins")).to_contain_text(["restent rares."])
    expect(member.get_by_text("Les liens commerciaux doivent rester rares.")).to_be_visible()
    member.get_by_label("I have read this charter and I agree to live by it.").check()
    member.get_by_role("button", name="I consent").click()
    expect(member).to_have_url(_path(status_path))
    expect(member.get_by_text("Thank you. You can take part again.")).to_be_visible()

    field(member, "Your comment").fill("Et le dimanche, on roule aussi ?")
    member.get_by_role("button", name="Comment", exact=True).click()
    expect(member.get_by_test_id("comment").filter(has_text="le dimanche")).to_be_visible()
    expect(member.get_by_test_id("comment")).to_have_count(2)

    assert not new_context.server_errors, (
        f"the server answered with errors: {new_context.server_errors}"
    )
