"""A private community leaks nothing: the canary test.

Every text field of a private community (and of the members who belong to it alone) holds a
unique canary string. Two outsiders, an anonymous visitor and Olga (a verified member of a
public community), then crawl the site from the home page and the public community's pages,
following every same-site link, and request every URL pattern of the private community
directly. The canary must appear in no response (body, headers or cookies), and every URL of
the private community must answer 404, exactly as for a community that does not exist.
"""

import json
import re
from collections import deque
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from agora.accounts import services as account_services
from agora.accounts.models import User
from agora.communities.models import (
    Community,
)
from agora.communities.services import charter as charter_services
from agora.communities.services import communities as communities_services
from agora.communities.services import identity as identity_services
from agora.conversations import services as conversation_services
from agora.conversations.models import Notification
from agora.moderation.services import cases as moderation_cases
from agora.testing.cursors import cursor_from_the_future
from agora.testing.fixtures import PASSWORD
from agora.testing.snapshots import snapshot
from agora.workbench.services import feeds

pytestmark = pytest.mark.django_db

# "7f3a" makes the marker impossible to meet by accident; the suffix names the field.
CANARY = "CANARY7f3a"
# Identifiers that cannot hold the canary (lower-case slug and handles) must not leak either.
PRIVATE_SLUG = "quiet-orchard-2b9d"
FOUNDER_HANDLE = "orchard_founder_2b9d"
MEMBER_HANDLE = "orchard_member_2b9d"
SECRETS = (CANARY.lower(), PRIVATE_SLUG, FOUNDER_HANDLE, MEMBER_HANDLE)
CRAWL_LIMIT = 300


def canary(field: str) -> str:
    return f"{CANARY}{field}"


def _private_person(mailbox, handle, label):
    """Someone who belongs to the private community alone, canaries in name and bio."""
    person = account_services.create_verified_account(
        email=f"{CANARY.lower()}{mailbox}@example.org",
        handle=handle,
        display_name=canary(f"{label}Name"),
        password=PASSWORD,
    )
    return account_services.update_profile(
        user=person, display_name=canary(f"{label}Name"), language="", bio=canary(f"{label}Bio")
    )


@pytest.fixture(scope="module")
def shared_private_world(shared_personas):
    """`private_world`, built once per module (it takes longer than most tests using it)."""
    return build_private_world(**shared_personas)


@pytest.fixture
def private_world(shared_private_world, db):
    """Each test starts from the shared world; what it writes is rolled back (module_db)."""
    return shared_private_world


def build_private_world(the_community, camille, member_michu, olga, make_user, join, **_others):
    """The public community (Olga, Michu and Bridget belong to it) and the private one."""
    publish, write, comment = (
        conversation_services.publish_status,
        conversation_services.write_post,
        conversation_services.write_comment,
    )
    join(olga, the_community)
    bridget = join(make_user("bridget", name="Bridget Both"), the_community)

    # Public life, so the crawl has pages, members and threads to follow.
    hello = publish(community=the_community, by=camille, title="Public hello", body="Hello")
    public_post = write(
        community=the_community, author=bridget, title="Bridget in public", body="Hi @olga"
    )
    comment(post=public_post, author=olga, body="Welcome @bridget")
    public_question = write(
        community=the_community,
        author=member_michu,
        title="Public question",
        body="Where?",
        is_question=True,
    )
    answer = comment(post=public_question, author=bridget, body="Here")
    conversation_services.accept_answer(post=public_question, comment=answer, by=member_michu)
    conversation_services.edit_post(post=public_post, by=bridget, body="Hi @olga, edited")
    conversation_services.edit_comment(comment=answer, by=bridget, body="Here, edited")
    charter_services.publish_charter_version(  # so the crawl meets versions and a diff
        community=the_community,
        by=camille,
        articles=[{"title": "Kindness", "body": "Criticise ideas, never people, ever."}],
        summary="Shorter",
    )

    # The private community: the founder and one member belong to it alone.
    founder = _private_person("founder", FOUNDER_HANDLE, "Founder")
    member = _private_person("member", MEMBER_HANDLE, "Member")
    private = communities_services.create_community(
        founder=founder,
        name=canary("CommunityName"),
        slug=PRIVATE_SLUG,
        description=canary("CommunityDescription"),
        visibility="private",
    )
    charter_services.publish_charter_version(
        community=private,
        by=founder,
        articles=[
            {"title": canary("Article1Title"), "body": canary("Article1Body")},
            {
                "title": canary("Article2Title"),
                "body": f"{canary('Article2Body')} [see](https://example.org/{canary('Link')})",
            },
        ],
        summary=canary("Version1Summary"),
    )
    identity_services.set_identity(
        community=private,
        by=founder,
        address_form="tu",
        emoji_policy="free",
        tone=[canary("Tone")],
        preferred_terms=[{"term": canary("Term"), "replacement": canary("Replacement")}],
        banned_terms=[canary("BannedTerm")],
        signature=canary("Signature"),
    )
    identity_services.set_mindset(
        community=private, by=founder, values=[canary("Value1"), canary("Value2")]
    )
    join(member, private)
    join(bridget, private)  # Bridget belongs to both: her public page must not show this

    status = publish(
        community=private, by=founder, title=canary("StatusTitle"), body=canary("StatusBody")
    )
    conversation_services.pin_post(post=status, by=founder)  # the welcome, first on its page
    question = write(
        community=private,
        author=member,
        title=canary("QuestionTitle"),
        body=f"{canary('QuestionBody')} @olga @bridget @{FOUNDER_HANDLE} @camille",
        is_question=True,
    )
    private_answer = comment(post=question, author=founder, body=canary("AnswerBody"))
    comment(
        post=question,
        author=member,
        body=f"{canary('ReplyBody')} @olga @bridget",
        parent=private_answer,
    )
    conversation_services.accept_answer(post=question, comment=private_answer, by=member)
    bridge_post = write(
        community=private,
        author=bridget,
        title=canary("BridgePostTitle"),
        body=f"{canary('BridgePostBody')} @olga",
    )
    comment(post=status, author=bridget, body=f"{canary('BridgeComment')} @{MEMBER_HANDLE}")
    deleted = write(
        community=private, author=member, title=canary("DeletedTitle"), body=canary("Deleted")
    )
    conversation_services.delete_post(post=deleted, by=member)
    conversation_services.edit_post(
        post=question,
        by=member,
        title=canary("QuestionTitleEdited"),
        body=canary("QuestionBodyEdited"),
    )
    conversation_services.edit_comment(
        comment=private_answer, by=founder, body=canary("AnswerBodyEdited")
    )
    conversation_services.toggle_reaction(user=bridget, kind="love", post=status)
    conversation_services.toggle_reaction(user=member, kind="thanks", comment=private_answer)
    charter_services.publish_charter_version(
        community=private,
        by=founder,
        articles=[
            {"title": canary("Article1TitleV2"), "body": canary("Article1BodyV2")},
            {"title": canary("Article2Title"), "body": canary("Article2Body")},
        ],
        summary=canary("Version2Summary"),
    )
    join(member, private)  # consents to version 2; Bridget has not yet
    # Moderation: an urgent action with a canary reason (a case, a journal entry, a notice).
    hidden = write(
        community=private, author=member, title=canary("HiddenTitle"), body=canary("HiddenBody")
    )
    case = moderation_cases.hide_urgently(
        steward=founder, post=hidden, article_number=1, reason=canary("UrgentReason")
    )

    # The workbench: a planned status, a ritual, an objective, facts, a saved reply, a claim.
    from agora.workbench.services import calendar, facts, inbox, objectives, replies, rituals

    goal = objectives.set_objective(
        community=private, by=founder, title=canary("ObjectiveTitle"), description="",
        starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31),
        indicators=[(canary("IndicatorName"), "90 %")],
    )  # fmt: skip
    planned = calendar.plan_status(
        community=private, by=founder, title=canary("PlannedTitle"), body=canary("PlannedBody"),
        objective_id=goal.pk, publish_at=datetime(2030, 1, 7, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    calendar.plan_status(
        community=private, by=founder, title=canary("SoonTitle"),
        publish_at=datetime.now(UTC) + timedelta(days=2),
    )  # fmt: skip
    rituals.create_ritual(
        community=private, by=founder, title=canary("RitualTitle"), frequency="weekly",
        weekday=0, time=time(9, 0),
    )  # fmt: skip
    facts.save_fact(
        community=private, by=founder, question=canary("FactQuestion"),
        answer=canary("FactAnswer"), is_public=True,
    )  # fmt: skip
    replies.save_reply(community=private, by=founder, title=canary("SavedTitle"),
                       body=canary("SavedBody"))  # fmt: skip
    inbox.claim(community=private, by=founder, item=f"post:{question.pk}")
    feed_secret = feeds.create_feed(community=private, user=founder)

    # Media: a post with a photo described by a canary, the logo, and the staged upload of
    # a photo never published.
    from agora.media.services import images as media_images
    from agora.media.services import looks
    from agora.testing import images as test_images

    photo = media_images.receive_image(
        uploader=member, community=private, purpose="post", data=test_images.png(320, 240)
    )
    photo_post = write(
        community=private,
        author=member,
        title=canary("PhotoTitle"),
        body=canary("PhotoBody"),
        images=[(photo.key, canary("ImageAlt"))],
    )
    look = looks.set_community_image(
        community=private, by=founder, purpose="logo", data=test_images.png(128, 128), alt=""
    )
    staged = media_images.receive_image(
        uploader=member, community=private, purpose="post", data=test_images.png(200, 100)
    )

    from agora.communities.services import invitations

    invitation, _secret = invitations.create_link(community=private, by=founder, max_uses=5)
    invitations.invite_by_email(
        community=private, by=founder, addresses=[f"{CANARY.lower()}invited@example.org"]
    )

    assert Notification.objects.filter(community=private).count() >= 4
    assert not Notification.objects.filter(community=private, recipient=olga).exists()
    return {
        "slug": PRIVATE_SLUG,
        "status": status.pk,
        "question": question.pk,
        "answer": private_answer.pk,
        "bridge_post": bridge_post.pk,
        "deleted": deleted.pk,
        "case": case.pk,
        "hidden": hidden.pk,
        "planned": planned.pk,
        "invitation": invitation.pk,
        "hello": hello.pk,
        "public_post": public_post.pk,
        "public_question": public_question.pk,
        "cursor": cursor_from_the_future(),
        "feed": feed_secret,
        "photo_post": photo_post.pk,
        "image_urls": [
            _image_url(image, rendition)
            for image in (photo, look.logo, staged)
            for rendition in image.renditions
        ],
        "users": {"olga": olga, "member": member, "founder": founder, "bridget": bridget},
    }


def _image_url(image, rendition) -> str:
    return reverse("media:image", args=[image.key, rendition["name"].rsplit("/", 1)[-1]])


def visitor(private_world, who) -> Client:
    client = Client()
    if who == "olga":
        client.force_login(private_world["users"]["olga"])
    return client


VISITORS = ["anonymous", "olga"]

# --- what a response may not contain ---------------------------------------------------------


def _echoes(url: str) -> list[str]:
    """What a page may legitimately repeat of the visitor's own request: the address
    (e.g. the language form's "next") and the search words."""
    echoes = [url, escape(url), quote(url, safe="/"), quote(url, safe="")]
    query = urlsplit(url).query
    for pair in query.split("&"):
        if pair.startswith("q="):
            words = pair[2:].replace("+", " ")
            echoes += [words, escape(words)]
    return sorted(set(echoes), key=len, reverse=True)


def leaked(url: str, response) -> list[str]:
    """The secrets found in a response's body, headers and cookies (echoes of the request
    itself excepted)."""
    text = "\n".join(
        [
            response.content.decode(errors="replace"),
            *(f"{name}: {value}" for name, value in response.items()),
            response.cookies.output(),
        ]
    )
    for echo in _echoes(url):
        # Only whole echoes: "CANARY7f3a" typed as a search must not hide "CANARY7f3aName".
        text = re.sub(rf"(?<![\w-]){re.escape(echo)}(?![\w-])", "", text)
    text = text.lower()
    return [secret for secret in SECRETS if secret in text]


def _links(base: str, response) -> list[str]:
    found = []
    if response.status_code in (301, 302, 303, 307, 308):
        found.append(response["Location"])
    elif response.get("Content-Type", "").startswith("text/html"):
        parser = _Hrefs()
        parser.feed(response.content.decode(errors="replace"))
        found += parser.hrefs
    links = []
    for href in found:
        parts = urlsplit(urljoin("http://testserver" + base, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        if parts.path.startswith("/static/"):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)


def crawl(client, seeds, limit=CRAWL_LIMIT):
    """Breadth-first over same-site links; returns [(url, response)] in visiting order."""
    queue, seen, visited = deque(seeds), set(), []
    while queue and len(visited) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        visited.append((url, response))
        queue.extend(link for link in _links(url, response) if link not in seen)
    return visited


# --- the URLs ------------------------------------------------------------------------------

C = "/c/{slug}"
PRIVATE_URLS = [
    C + "/",
    C + "/?after={cursor}",
    C + "/feed/?after={cursor}",
    C + "/charter/",
    C + "/charter/v1/",
    C + "/charter/v2/",
    C + "/charter/v3/",
    C + "/charter/diff/1/2/",
    C + "/charter/new/",
    C + "/join/",
    C + "/join/?next=/",
    C + "/consent/",
    C + "/welcome/",
    C + "/leave/",
    C + "/search/",
    C + "/search/?q=" + canary("QuestionBodyEdited"),
    C + "/search/?q=" + canary("StatusTitle"),
    C + "/search/?q=" + canary("BridgePostTitle"),
    C + "/statuses/new/",
    C + "/posts/new/",
    C + "/posts/new/?question=1",
    C + "/setup/charter/",
    C + "/setup/identity/",
    C + "/setup/mindset/",
    C + "/p/{status}/",
    C + "/p/{question}/",
    C + "/p/{question}/?reply={answer}",
    C + "/p/{bridge_post}/",
    C + "/p/{deleted}/",
    C + "/p/{question}/history/",
    C + "/p/{question}/edit/",
    C + "/p/{question}/delete/",
    C + "/p/{question}/react/",
    C + "/p/{question}/comments/",
    C + "/p/{question}/c/{answer}/history/",
    C + "/p/{question}/c/{answer}/edit/",
    C + "/p/{question}/c/{answer}/delete/",
    C + "/p/{question}/c/{answer}/react/",
    C + "/p/{question}/c/{answer}/accept/",
    C + "/p/{hello}/",  # a public post's id under the private slug
    C + "/p/{hidden}/",
    C + "/p/{question}/flag/",
    C + "/p/{question}/hide/",
    C + "/p/{question}/c/{answer}/flag/",
    C + "/p/{question}/c/{answer}/hide/",
    C + "/journal/",
    C + "/moderation/",
    C + "/cases/{case}/",
    C + "/cases/{case}/appeal/",
    C + "/charter/rules/test/",
    C + "/invitations/",
    C + "/governance/unpin/{status}/",
    C + "/invitations/{invitation}/revoke/",
    C + "/calendar/",
    C + "/calendar/?view=week&day=2030-01-07",
    C + "/calendar/{planned}/",
    C + "/calendar/{planned}/delete/",
    C + "/calendar/subscribe/",
    C + "/rituals/",
    C + "/objectives/",
    C + "/workbench/settings/",
    C + "/inbox/",
    C + "/inbox/questions/{question}/",
    C + "/knowledge/",
    C + "/knowledge/?q=" + canary("FactQuestion"),
    C + "/faq/",
    C + "/saved-replies/",
    C + "/health/",
    C + "/health/?period=7",
    C + "/health/?period=custom&first=2026-01-01&last=2026-01-31",
    C + "/health/items/questions/?which=all",
    C + "/health/items/posts/?which=members",
    C + "/health/items/contributors/",
    C + "/health/items/cases/?which=all&format=csv",
    C + "/health/export/self-management.csv",
    C + "/health/export/stewards.csv",
    C + "/health/settings/",
    C + "/health/digests/",
    # the private community's ids under the public community's address
    "/c/the-community/p/{question}/",
    "/c/the-community/p/{question}/history/",
    "/c/the-community/p/{question}/c/{answer}/history/",
    "/c/the-community/p/{status}/",
    "/c/the-community/p/{deleted}/",
    "/api/communities/{slug}",
    "/api/communities/{slug}/posts",
    "/api/communities/{slug}/posts?after={cursor}",
]
PRIVATE_ONLY_MEMBER_PAGES = [
    f"/members/{FOUNDER_HANDLE}/",
    f"/members/{MEMBER_HANDLE}/",
    f"/members/{MEMBER_HANDLE}/?after=" + cursor_from_the_future(),
]
GENERAL_URLS = [
    "/",
    "/moderation/notices/",
    "/c/the-community/journal/",
    "/c/the-community/moderation/",
    "/c/the-community/cases/{case}/",
    "/notifications/",
    "/notifications/?after=" + cursor_from_the_future(),
    "/accounts/profile/",
    "/members/bridget/",
    "/members/olga/",
    "/members/camille/",
    "/api/communities/",
    "/api/communities/the-community",
    "/api/communities/the-community/posts",
    "/c/the-community/",
    "/c/the-community/charter/",
    "/c/the-community/search/?q=" + canary("QuestionBodyEdited"),
    "/c/the-community/search/?q=" + canary("StatusBody"),
    "/c/the-community/search/?q=" + canary("BridgePostTitle"),
    "/c/the-community/search/?q=" + CANARY,
    "/c/the-community/p/{public_post}/",
    "/c/the-community/p/{public_question}/",
]


def _fill(template: str, world: dict) -> str:
    return template.format(**{k: v for k, v in world.items() if k not in ("users", "image_urls")})


# --- the tests -----------------------------------------------------------------------------


def test_the_canaries_are_really_there_for_a_member(private_world):
    """Without this, a page that failed to render would pass the leak tests for nothing."""
    client = Client()
    client.force_login(private_world["users"]["member"])
    expectations = {
        C + "/": [canary("CommunityName"), canary("CommunityDescription"), canary("StatusTitle")],
        C + "/charter/": [canary("Article1TitleV2"), canary("Version2Summary"), canary("Value1")],
        C + "/charter/v1/": [canary("Article1Title"), canary("Article1Body")],
        C + "/charter/diff/1/2/": [canary("Article1TitleV2")],
        C + "/p/{question}/": [canary("QuestionTitleEdited"), canary("AnswerBodyEdited")],
        C + "/p/{question}/history/": [canary("QuestionBody")],
        C + "/p/{question}/c/{answer}/history/": [canary("AnswerBody")],
        C + "/search/?q=" + canary("StatusBody"): [canary("StatusTitle")],
        f"/members/{MEMBER_HANDLE}/": [canary("MemberName"), canary("QuestionTitleEdited")],
        "/notifications/": [canary("CommunityName"), canary("FounderName")],
        "/api/communities/{slug}/posts": [canary("BridgePostBody")],
        C + "/journal/": [canary("UrgentReason")],
        C + "/faq/": [canary("FactQuestion"), canary("FactAnswer")],
        C + "/cases/{case}/": [canary("HiddenBody"), canary("UrgentReason")],
        C + "/p/{photo_post}/": [f'alt="{canary("ImageAlt")}"'],
        "/moderation/notices/": [canary("UrgentReason"), canary("CommunityName")],
    }
    for template, canaries in expectations.items():
        response = client.get(_fill(template, private_world))
        assert response.status_code == 200, template
        for expected in canaries:
            assert expected in response.content.decode(), (template, expected)
    founder = Client()
    founder.force_login(private_world["users"]["founder"])
    page = founder.get(_fill(C + "/setup/identity/", private_world)).content.decode()
    for field in ("Tone", "Term", "Replacement", "BannedTerm", "Signature"):
        assert canary(field) in page, field
    feed = Client().get(_fill("/ical/{feed}.ics", private_world)).content.decode()
    assert canary("SoonTitle") in feed.replace("\r\n ", "")  # unfolded iCalendar lines
    steward_pages = {
        C + "/calendar/?view=week&day=2030-01-07": ["PlannedTitle"],
        C + "/rituals/": ["RitualTitle"],
        C + "/objectives/": ["ObjectiveTitle", "IndicatorName", "PlannedTitle"],
        C + "/knowledge/": ["FactQuestion"],
        C + "/saved-replies/": ["SavedTitle", "SavedBody"],
        C + "/inbox/questions/{question}/": ["QuestionTitleEdited"],
        C + "/health/items/questions/?which=all": ["QuestionTitleEdited"],
        C + "/health/": ["FounderName"],
    }
    for template, fields in steward_pages.items():
        page = founder.get(_fill(template, private_world)).content.decode()
        for field in fields:
            assert canary(field) in page, (template, field)


@pytest.mark.parametrize("who", VISITORS)
def test_every_private_url_answers_404_and_shows_no_canary(private_world, who):
    client = visitor(private_world, who)
    wrong = []
    for template in PRIVATE_URLS:
        url = _fill(template, private_world)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            if response.status_code != 404:
                wrong.append(
                    f"{url} {headers}: {response.status_code} {response.get('Location', '')}"
                )
            if secrets := leaked(url, response):
                wrong.append(f"{url} {headers}: leaks {secrets}")
            if url.startswith("/api/") and response.status_code == 404:
                assert response["Content-Type"].startswith("application/problem+json"), url
                assert response.json()["detail"], url
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", VISITORS)
def test_members_only_in_the_private_community_have_no_public_page(private_world, who):
    """Their name and bio are canaries: an outsider learns nothing, not even that they exist."""
    client = visitor(private_world, who)
    wrong = []
    for url in PRIVATE_ONLY_MEMBER_PAGES:
        response = client.get(url)
        if response.status_code != 404:
            wrong.append(f"{url}: {response.status_code}")
        if secrets := leaked(url, response):
            wrong.append(f"{url}: leaks {secrets}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", VISITORS)
def test_a_crawl_by_an_outsider_finds_no_canary(private_world, who):
    client = visitor(private_world, who)
    seeds = [_fill(url, private_world) for url in GENERAL_URLS]
    visited = crawl(client, seeds)
    urls = {url for url, _response in visited}
    # The crawl really walked the public site.
    assert f"/c/the-community/p/{private_world['public_post']}/" in urls
    assert "/members/bridget/" in urls
    assert "/c/the-community/charter/diff/1/2/" in urls
    assert len(visited) < CRAWL_LIMIT, "the crawl hit its bound: raise CRAWL_LIMIT"

    explicit = [_fill(url, private_world) for url in PRIVATE_URLS + PRIVATE_ONLY_MEMBER_PAGES]
    explicit += [_fill(url, private_world) for url in GENERAL_URLS]
    responses = visited + [(url, client.get(url)) for url in explicit]
    problems = []
    for url, response in responses:
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        if secrets := leaked(url, response):
            problems.append(f"{url} ({response.status_code}): leaks {secrets}")
    assert not problems, "\n".join(problems)
    # Private links never showed up in the public pages.
    assert not [url for url in urls if PRIVATE_SLUG in url]


def test_the_crawl_does_find_a_planted_canary(private_world):
    """The crawler and the leak check work: a public post holding a canary is caught."""
    conversation_services.write_post(
        community=Community.objects.get(slug="the-community"),
        author=User.objects.get(handle="camille"),
        title="Planted",
        body=canary("Planted"),
    )
    visited = crawl(Client(), ["/"])
    assert any(leaked(url, response) for url, response in visited)


POST_PRIVATE = [
    (C + "/join/", {"version": "2", "agree": "on"}),
    (C + "/invitations/", {"action": "link", "days": "7"}),
    (C + "/invitations/", {"action": "email", "addresses": "me@example.org"}),
    (C + "/invitations/settings/", {"members_invite": "on"}),
    (C + "/invitations/{invitation}/revoke/", {}),
    (C + "/invitations/requests/1/approve/", {}),
    (C + "/p/{status}/pin/pin/", {}),
    (C + "/governance/unpin/{status}/", {"reason": "Take it down, please."}),
    (C + "/consent/", {"version": "2", "agree": "on"}),
    (C + "/leave/", {}),
    (C + "/posts/new/", {"title": "Hello", "body": "Let me in"}),
    (C + "/statuses/new/", {"body": "I speak for you"}),
    (C + "/setup/charter/", {"articles-TOTAL_FORMS": "1", "articles-INITIAL_FORMS": "0"}),
    (C + "/setup/identity/", {"address_form": "tu", "emoji_policy": "none"}),
    (C + "/setup/mindset/", {"values": "Mine now"}),
    (C + "/charter/new/", {"articles-TOTAL_FORMS": "1", "articles-INITIAL_FORMS": "0"}),
    (C + "/p/{question}/comments/", {"body": "Hello"}),
    (C + "/p/{question}/react/", {"kind": "like"}),
    (C + "/p/{question}/edit/", {"title": "Mine", "body": "Mine"}),
    (C + "/p/{question}/delete/", {}),
    (C + "/p/{question}/c/{answer}/react/", {"kind": "like"}),
    (C + "/p/{question}/c/{answer}/accept/", {}),
    (C + "/p/{question}/flag/", {"article": "1", "note": "x"}),
    (C + "/p/{question}/hide/", {"article": "1", "reason": "Ten chars at least"}),
    (C + "/cases/{case}/vote/", {"choice": "remove"}),
    (C + "/cases/{case}/appeal/", {"reason": "Ten chars at least"}),
    (C + "/charter/rules/test/", {"watched_terms": "x", "sample": "x"}),
    (C + "/p/{question}/c/{answer}/edit/", {"body": "Mine"}),
    (C + "/p/{question}/c/{answer}/delete/", {}),
    ("/c/the-community/p/{question}/comments/", {"body": "Hello"}),
    ("/c/the-community/p/{question}/react/", {"kind": "like"}),
    ("/c/the-community/p/{question}/c/{answer}/react/", {"kind": "like"}),
    ("/c/the-community/p/{question}/c/{answer}/accept/", {}),
]
API_POST_PRIVATE = [
    ("/api/communities/{slug}/posts", {"title": "Hello", "body": "Let me in"}),
    ("/api/communities/{slug}/statuses", {"body": "I speak for you"}),
]


@pytest.mark.parametrize("who", VISITORS)
def test_outsiders_cannot_write_to_the_private_community(private_world, who):
    client = visitor(private_world, who)
    before = snapshot()
    wrong = []
    for template, data in POST_PRIVATE:
        url = _fill(template, private_world)
        response = client.post(url, data)
        location = response.get("Location", "")
        if url.startswith("/c/the-community/") and who == "anonymous":
            # The public community asks anyone to log in first, whatever the id: fine.
            if not (response.status_code == 302 and location.startswith("/accounts/login/")):
                wrong.append(f"POST {url}: {response.status_code} {location}")
        elif response.status_code != 404:
            wrong.append(f"POST {url}: {response.status_code} {location}")
        if secrets := leaked(url, response):
            wrong.append(f"POST {url}: leaks {secrets}")
    for template, payload in API_POST_PRIVATE:
        url = _fill(template, private_world)
        response = client.post(url, json.dumps(payload), content_type="application/json")
        # Anonymous API writes are refused before the address is read (401 for any slug).
        expected = 404 if who == "olga" else 401
        if response.status_code != expected:
            wrong.append(f"POST {url}: {response.status_code}, expected {expected}")
        if secrets := leaked(url, response):
            wrong.append(f"POST {url}: leaks {secrets}")
    assert not wrong, "\n".join(wrong)
    assert snapshot() == before, "an outsider's request wrote to the private community"


def test_the_private_images_answer_their_member_and_nobody_else(private_world):
    member = Client()
    member.force_login(private_world["users"]["member"])
    founder = Client()
    founder.force_login(private_world["users"]["founder"])
    olga = visitor(private_world, "olga")
    urls = private_world["image_urls"]
    assert len(urls) == 6  # two sizes each: the photo, the logo, the staged upload
    for url in urls:
        assert member.get(url).status_code == 200, url
        for outsider in (Client(), olga):
            response = outsider.get(url)
            assert response.status_code == 404, url
            assert not leaked(url, response), url
    staged = [url for url in urls if url.split("/")[2] not in _published_keys(private_world)]
    assert staged and all(founder.get(url).status_code == 404 for url in staged)


def _published_keys(world) -> set[str]:
    from agora.media.models import Image

    return set(Image.objects.filter(attachment__isnull=False).values_list("key", flat=True)) | set(
        Image.objects.filter(purpose="logo").values_list("key", flat=True)
    )


def test_a_removed_posts_images_stop_answering_even_its_members(private_world):
    member = Client()
    member.force_login(private_world["users"]["member"])
    photo_post = private_world["photo_post"]
    page = member.get(_fill(C + "/p/{photo_post}/", private_world)).content.decode()
    urls = sorted(set(re.findall(r"/media/[\w-]+/[0-9a-f]{16}-\d+\.(?:webp|jpg)", page)))
    assert urls and all(member.get(url).status_code == 200 for url in urls)
    response = member.post(_fill(C + "/p/{photo_post}/delete/", private_world))
    assert response.status_code == 302, photo_post
    for url in urls:
        assert member.get(url).status_code == 404, url
