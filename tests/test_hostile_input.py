"""Bad input gets a clear 4xx and writes nothing; hostile text is rendered inert.

Every form and endpoint that accepts POST is sent malformed and hostile input: empty fields,
over-long values, wrong types, script tags, unknown ids and ids that belong to another post or
another community. Each answer must be a 4xx with a message a person can read (an error page,
a form error or a flash message for HTML; application/problem+json with "detail" for the API),
and no row of any model may change.

Then hostile Markdown and script tags in plain fields are written the ordinary way and every
page that shows them is read back: nothing a browser would run may come out.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode

from agora.accounts import services as account_services
from agora.accounts.tokens import password_reset_tokens
from agora.communities.models import (
    Article,
    Community,
)
from agora.communities.services import charter as charter_services
from agora.communities.services import identity as identity_services
from agora.conversations import services as conversation_services
from agora.conversations.models import Comment, Notification, Post
from agora.testing.cursors import cursor_from_the_future, forge_cursor
from agora.testing.fixtures import PASSWORD
from agora.testing.snapshots import snapshot

pytestmark = pytest.mark.django_db

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'
XSS = XSS_SCRIPT + XSS_ATTR  # 56 characters: fits every plain field (the shortest holds 80)
LONG = "x" * 100_000
NUL = "bad\x00byte"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the (process-wide) cache: every case starts from zero.
    cache.clear()
    yield
    cache.clear()


# --- helpers ------------------------------------------------------------------------------


def assert_nothing_written(before: dict) -> None:
    after = snapshot()
    changed = {
        name: f"{len(before[name])} rows -> {len(after[name])} rows"
        for name in before
        if before[name] != after[name]
    }
    assert not changed, f"the refused request wrote to: {changed}"


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _AlertText(HTMLParser):
    """Text inside error messages: role=alert, the error page, error flash messages."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        self.stack.append(
            attributes.get("role") == "alert"
            or attributes.get("data-testid") in {"error", "refusal"}
            or (tag == "li" and "error" in classes)
        )

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack):
            self.texts.append(data)


def human_message(response) -> str:
    """The message a person reads on a refused request ("" when there is none)."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/problem+json"):
        return str(response.json().get("detail") or "")
    if not content_type.startswith("text/html"):
        return ""
    parser = _AlertText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.texts).split())


def assert_status(response, expected) -> None:
    expected = {expected} if isinstance(expected, int) else set(expected)
    location = response.get("Location", "")
    assert response.status_code in expected, (
        f"expected {sorted(expected)}, got {response.status_code} {location}".strip()
    )


def assert_clear_refusal(response, expected) -> None:
    assert_status(response, expected)
    message = human_message(response)
    assert len(message) >= 10, f"no human message in the {response.status_code} answer"


@dataclass
class Ref:
    """An id (or other value) that exists only once the world is built."""

    name: str


@dataclass
class World:
    ids: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def client(self, who: str | None, **kwargs) -> Client:
        client = Client(**kwargs)
        if who is not None:
            client.force_login(self.users[who])
        return client

    def url(self, template: str) -> str:
        return template.format(**self.ids)

    def data(self, value):
        if isinstance(value, Ref):
            return self.ids[value.name]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value


@pytest.fixture(scope="module")
def shared_world(shared_personas):
    """`world`, built once per module (it takes longer than most of the cases using it)."""
    return build_world(**shared_personas)


@pytest.fixture
def world(shared_world, db):
    """Each case starts from the shared world; what it writes is rolled back (module_db)."""
    return shared_world


def build_world(the_community, camille, member_michu, olga, make_user, community_factory, join):
    """The community with a status, posts, a question, comments and notifications; plus
    "elsewhere" (a second public community where Michu also writes), "bare" (no charter,
    identity or mindset yet) and "hidden" (private, Olga is not in it)."""
    michu = member_michu
    nadia = join(make_user("nadia", name="Nadia"), the_community)
    newbie = make_user("newbie", verified=False)
    otto = make_user("otto", name="Otto")
    publish, write, comment = (
        conversation_services.publish_status,
        conversation_services.write_post,
        conversation_services.write_comment,
    )
    status = publish(community=the_community, by=camille, title="Bonjour", body="Hello all")
    michu_post = write(community=the_community, author=michu, title="Mine", body="My post")
    question = write(
        community=the_community, author=michu, title="Which?", body="Tell me", is_question=True
    )
    camille_answer = comment(post=question, author=camille, body="This one")  # notifies Michu
    michu_comment = comment(post=status, author=michu, body="Nice")  # notifies Camille
    on_michu_post = comment(post=michu_post, author=camille, body="Agreed")
    deleted_comment = comment(post=status, author=michu, body="Oops")
    conversation_services.delete_comment(comment=deleted_comment, by=michu)
    deleted_answer = comment(post=question, author=nadia, body="Wrong answer")
    conversation_services.delete_comment(comment=deleted_answer, by=nadia)
    deleted_post = write(community=the_community, author=michu, title="Gone", body="Gone")
    conversation_services.delete_post(post=deleted_post, by=michu)
    deepest = None
    for _depth in range(5):  # depths 0..4: the limit (AGORA_COMMENT_MAX_DEPTH) is 4
        deepest = comment(post=status, author=michu, body="Deeper", parent=deepest)

    elsewhere = community_factory(founder=otto, slug="elsewhere", name="Elsewhere")
    join(michu, elsewhere)
    other_post = write(community=elsewhere, author=michu, title="There", body="Michu elsewhere")
    other_comment = comment(post=other_post, author=michu, body="Michu's comment elsewhere")
    community_factory(founder=camille, slug="bare", charter=False, identity=False, mindset=False)
    community_factory(founder=otto, slug="hidden", visibility="private")

    from agora.workbench.services import calendar, facts, replies

    planned = calendar.plan_status(community=the_community, by=camille, body="Draft")
    fact = facts.save_fact(community=the_community, by=camille, question="Q?", answer="A.")
    saved = replies.save_reply(community=the_community, by=camille, title="T", body="B")

    reset_uid = urlsafe_base64_encode(force_bytes(michu.pk))
    world = World(
        users={
            "camille": camille,
            "michu": michu,
            "nadia": nadia,
            "olga": olga,
            "newbie": newbie,
        },
        ids={
            "status": status.pk,
            "michu_post": michu_post.pk,
            "question": question.pk,
            "deleted_post": deleted_post.pk,
            "other_post": other_post.pk,
            "camille_answer": camille_answer.pk,
            "michu_comment": michu_comment.pk,
            "on_michu_post": on_michu_post.pk,
            "deleted_comment": deleted_comment.pk,
            "deleted_answer": deleted_answer.pk,
            "deepest": deepest.pk,
            "other_comment": other_comment.pk,
            "planned": planned.pk,
            "other_post_item": f"post:{other_post.pk}",
            "fact": fact.pk,
            "saved": saved.pk,
            "camille_notification": Notification.objects.get(
                recipient=camille, comment=michu_comment
            ).pk,
            "reset_uid": reset_uid,
            "reset_token": password_reset_tokens.make_token(michu),
            "huge_uid": urlsafe_base64_encode(b"9" * 40),
        },
    )
    return world


# --- every HTML form -----------------------------------------------------------------------

SIGNUP = {
    "email": "new@example.org",
    "handle": "newcomer",
    "display_name": "Newcomer",
    "password": PASSWORD,
}
COMMUNITY = {"name": "Fresh", "slug": "fresh", "description": "", "visibility": "public"}
IDENTITY = {
    "address_form": "vous",
    "tone": "warm",
    "preferred_terms": "",
    "banned_terms": "",
    "emoji_policy": "sparing",
    "signature": "",
    "preferred_length": "600",
}
PROFILE = {"display_name": "Michu", "language": "", "bio": ""}
POST = {"title": "A title", "body": "A body"}


def articles(*pairs, total=None, initial=0, management=True):
    data = {}
    if management:
        data = {
            "articles-TOTAL_FORMS": str(len(pairs) if total is None else total),
            "articles-INITIAL_FORMS": str(initial),
            "articles-MIN_NUM_FORMS": "0",
            "articles-MAX_NUM_FORMS": "50",
        }
    for index, (title, body) in enumerate(pairs):
        data[f"articles-{index}-title"] = title
        data[f"articles-{index}-body"] = body
    return data


CURRENT_CHARTER = [
    ("Kindness", "Criticise ideas, never people."),
    ("No spam", "Announce commercial links as such."),
]


def charter_new(*pairs, summary="Clearer", **kwargs):
    return articles(*pairs, initial=2, **kwargs) | {"summary": summary}


def case(case_id, who, url, data, expected):
    return pytest.param(who, url, data, expected, id=case_id)


def group(prefix, who, url, expected, variants: dict):
    """One endpoint, one caller, one expected status, many inputs: {case name: data}."""
    return [case(f"{prefix}-{name}", who, url, data, expected) for name, data in variants.items()]


SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
RESET_URL = "/accounts/password/reset/"
RESET_CONFIRM = "/accounts/password/reset/{reset_uid}/{reset_token}/"
GOOD_NEW_PASSWORD = {"password": "a new long passphrase"}
PROFILE_URL = "/accounts/profile/"
SETUP_CHARTER = "/c/bare/setup/charter/"
SETUP_IDENTITY = "/c/the-community/setup/identity/"
SETUP_MINDSET = "/c/the-community/setup/mindset/"
CHARTER_NEW = "/c/the-community/charter/new/"
JOIN = "/c/the-community/join/"
AGREE = {"version": "1", "agree": "on"}
STATUS_NEW = "/c/the-community/statuses/new/"
POST_NEW = "/c/the-community/posts/new/"
P = "/c/the-community/p"
HUGE_ID = "99999999999999999999999"
# The first and the last day Agora computes with (agora.core.params.EARLIEST_DAY and
# LATEST_DAY): two years from either end of Python's date range.
EARLIEST, LATEST = "0003-01-01", "9997-12-31"
OUT_OF_RANGE_DAYS = {
    "too-early": "0001-01-01",
    "just-too-early": "0002-12-31",
    "too-late": "9999-12-31",
    "just-too-late": "9998-01-01",
}
MALFORMED_DAYS = {
    "month-13": "2026-13-01",
    "february-30": "2026-02-30",
    "word": "tomorrow",
    "french": "16/12/2026",
    "year-99999": "99999-01-01",
    "short": "2026-1-1",
    "compact": "20261216",
    "with-time": "2026-12-16T10:00",
    "arabic-indic-digits": "٢٠٢٦-١٢-١٦",
    "script": XSS_SCRIPT,
}
BAD_DAYS = OUT_OF_RANGE_DAYS | MALFORMED_DAYS
BAD_IDS = {
    "huge": HUGE_ID,
    "20-digits": "9" * 20,
    "max-plus-one": str(2**63),
    "zero": "0",
    "negative": "-1",
    "text": "first",
    "decimal": "1.5",
    "superscript": "²",
    "space": " 1",
    "plus": "+1",
    "underscore": "1_000",
    "script": XSS_SCRIPT,
}
BAD_PAGES = {
    "zero": "0",
    "negative": "-1",
    "text": "last",
    "decimal": "1.5",
    "superscript": "²",
    "huge": HUGE_ID,
}
REPLY = {"body": "Hi"}
LIKE = {"kind": "like"}
READ = "/notifications/read/"
SECOND = CURRENT_CHARTER[1]

HTML_CASES = [
    *group("signup", None, SIGNUP_URL, 400, {
        "empty": {},
        "blank": dict.fromkeys(SIGNUP, ""),
        "email-invalid": SIGNUP | {"email": "not-an-email"},
        "email-script": SIGNUP | {"email": XSS},
        "email-100k": SIGNUP | {"email": LONG + "@example.org"},
        "email-taken": SIGNUP | {"email": "MICHU@example.org"},
        "handle-script": SIGNUP | {"handle": XSS_SCRIPT},
        "handle-uppercase-taken": SIGNUP | {"handle": "MICHU"},  # lower-cased, then taken
        "handle-reserved": SIGNUP | {"handle": "admin"},
        "handle-taken": SIGNUP | {"handle": "michu"},
        "handle-31": SIGNUP | {"handle": "h" * 31},
        "name-81": SIGNUP | {"display_name": "n" * 81},
        "name-100k": SIGNUP | {"display_name": LONG},
        "name-spaces": SIGNUP | {"display_name": "   "},
        "name-nul": SIGNUP | {"display_name": NUL},
        "password-short": SIGNUP | {"password": "short"},
        "password-common": SIGNUP | {"password": "1234567890"},
        "password-100k": SIGNUP | {"password": LONG},
    }),
    *group("login", None, LOGIN_URL, 400, {
        "empty": {},
        "email-script": {"email": XSS, "password": "x"},
        "email-100k": {"email": LONG, "password": "x"},
        "password-100k": {"email": "michu@example.org", "password": LONG},
        "wrong-password": {"email": "michu@example.org", "password": "wrong password!"},
        "unknown-email": {"email": "nobody@example.org", "password": PASSWORD},
    }),
    *group("reset", None, RESET_URL, 400, {
        "empty": {},
        "not-an-email": {"email": "nope"},
        "email-script": {"email": XSS},
        "email-100k": {"email": LONG},
    }),
    *group("reset-confirm", None, RESET_CONFIRM, 400, {
        "empty": {},
        "short": {"password": "short"},
        "common": {"password": "1234567890"},
        "100k": {"password": LONG},
        "nul": {"password": NUL + " long enough"},
    }),
    case("reset-confirm-bad-token", None, "/accounts/password/reset/{reset_uid}/bad-token/",
         GOOD_NEW_PASSWORD, 400),
    case("reset-confirm-garbled-uid", None, "/accounts/password/reset/!!!/{reset_token}/",
         GOOD_NEW_PASSWORD, 400),
    case("reset-confirm-huge-uid", None, "/accounts/password/reset/{huge_uid}/{reset_token}/",
         GOOD_NEW_PASSWORD, 400),
    *group("profile", "michu", PROFILE_URL, 400, {
        "empty": {},
        "name-81": PROFILE | {"display_name": "n" * 81},
        "name-100k": PROFILE | {"display_name": LONG},
        "name-spaces": PROFILE | {"display_name": " "},
        "name-nul": PROFILE | {"display_name": NUL},
        "bio-501": PROFILE | {"bio": "b" * 501},
        "bio-100k": PROFILE | {"bio": LONG},
        "language-xx": PROFILE | {"language": "xx"},
        "language-script": PROFILE | {"language": XSS},
    }),
    *group("community", "camille", "/c/new/", 400, {
        "empty": {},
        "name-81": COMMUNITY | {"name": "n" * 81},
        "name-100k": COMMUNITY | {"name": LONG},
        "name-spaces": COMMUNITY | {"name": "   "},
        "name-nul": COMMUNITY | {"name": NUL},
        "slug-script": COMMUNITY | {"slug": XSS},
        "slug-uppercase-taken": COMMUNITY | {"slug": "The-Community"},  # lower-cased, taken
        "slug-too-short": COMMUNITY | {"slug": "ab"},
        "slug-51": COMMUNITY | {"slug": "s" * 51},
        "slug-hyphen-at-end": COMMUNITY | {"slug": "fresh-"},
        "slug-reserved": COMMUNITY | {"slug": "new"},
        "slug-taken": COMMUNITY | {"slug": "the-community"},
        "visibility-unknown": COMMUNITY | {"visibility": "secret"},
        "visibility-list": COMMUNITY | {"visibility": ["public", "sneaky"]},
        "description-1001": COMMUNITY | {"description": "d" * 1001},
        "description-100k": COMMUNITY | {"description": LONG},
    }),
    case("community-unverified", "newbie", "/c/new/", COMMUNITY, 403),
    *group("setup-charter", "camille", SETUP_CHARTER, 400, {
        "no-management-form": articles(("T", "B"), management=False),
        "all-blank": articles(("", ""), ("", "")),
        "title-only": articles(("Title", "")),
        "body-only": articles(("", "Body")),
        "title-121": articles(("t" * 121, "Body")),
        "body-4001": articles(("T", "b" * 4001)),
        "body-100k": articles(("T", LONG)),
        "title-nul": articles((NUL, "Body")),
        "51-articles": articles(*[("T", "B")] * 51),
        "total-forms-text": articles(("T", "B"), total="many"),
        "total-forms-huge": articles(("T", "B"), total=10**9),
    }),
    case("setup-charter-not-steward", "michu", SETUP_CHARTER, articles(("T", "B")), 403),
    # The community has an identity already: a refused change must leave it as it was.
    *group("identity", "camille", SETUP_IDENTITY, 400, {
        "empty": {},
        "address-form-unknown": IDENTITY | {"address_form": "ihr"},
        "emoji-script": IDENTITY | {"emoji_policy": XSS},
        "length-text": IDENTITY | {"preferred_length": "long"},
        "length-float": IDENTITY | {"preferred_length": "600.5"},
        "length-too-small": IDENTITY | {"preferred_length": "10"},
        "length-huge": IDENTITY | {"preferred_length": "1" + "0" * 30},
        "tone-201": IDENTITY | {"tone": "t" * 201},
        "signature-81": IDENTITY | {"signature": "s" * 81},
        "signature-nul": IDENTITY | {"signature": NUL},
        "signature-required-but-blank": IDENTITY | {"signature_required": "on", "signature": " "},
        "terms-without-arrow": IDENTITY | {"preferred_terms": "clients"},
        "terms-without-replacement": IDENTITY | {"preferred_terms": "clients ->"},
        "terms-4001": IDENTITY | {"preferred_terms": "a -> b\n" * 600},
        "banned-100k": IDENTITY | {"banned_terms": LONG},
        # Per-item limits (a tone word holds 40 characters, a term 80; at most 10 tone words,
        # 100 preferred and 200 banned terms) must refuse, not cut or drop items silently.
        "tone-word-41": IDENTITY | {"tone": "w" * 41},
        "tone-11-words": IDENTITY | {"tone": ",".join(f"tone{i}" for i in range(11))},
        "banned-term-81": IDENTITY | {"banned_terms": "b" * 81},
        "banned-201-terms": IDENTITY | {"banned_terms": "\n".join(f"b{i}" for i in range(201))},
        "preferred-term-81": IDENTITY | {"preferred_terms": "t" * 81 + " -> short"},
        "preferred-101-terms": IDENTITY
        | {"preferred_terms": "\n".join(f"t{i} -> r" for i in range(101))},
    }),
    case("identity-not-steward", "michu", SETUP_IDENTITY, IDENTITY, 403),
    *group("mindset", "camille", SETUP_MINDSET, 400, {
        "empty": {},
        "blank-lines": {"values": "\n  \n\t\n"},
        "11-values": {"values": "\n".join(f"Value {i}" for i in range(11))},
        "value-201": {"values": "v" * 201},
        "2501": {"values": ("v" * 99 + "\n") * 25 + "v"},
        "100k": {"values": LONG},
        "nul": {"values": NUL},
    }),
    case("mindset-not-steward", "michu", SETUP_MINDSET, {"values": "Be kind"}, 403),
    *group("charter-new", "camille", CHARTER_NEW, 400, {
        "unchanged": charter_new(*CURRENT_CHARTER),
        "all-blank": charter_new(("", ""), ("", "")),
        "title-only": charter_new(("Kindness", ""), SECOND),
        "title-121": charter_new(("t" * 121, "Body"), SECOND),
        "body-4001": charter_new(("T", "b" * 4001), SECOND),
        "body-100k": charter_new(("T", LONG), SECOND),
        "summary-301": charter_new(("T", "B"), summary="s" * 301),
        "summary-100k": charter_new(("T", "B"), summary=LONG),
        "summary-nul": charter_new(("T", "B"), summary=NUL),
        "no-management-form": charter_new(("T", "B"), management=False),
    }),
    case("charter-new-not-steward", "michu", CHARTER_NEW, charter_new(("T", "B")), 403),
    *group("join", "olga", JOIN, 400, {
        "empty": {},
        "without-agreeing": {"version": "1"},
        "version-text": AGREE | {"version": "one"},
        "version-script": AGREE | {"version": XSS},
        "version-zero": AGREE | {"version": "0"},
        "version-negative": AGREE | {"version": "-1"},
        "version-huge": AGREE | {"version": "9" * 30},
    }),
    case("join-version-not-current", "olga", JOIN, AGREE | {"version": "2"}, 409),
    case("join-unverified", "newbie", JOIN, AGREE, 403),
    case("consent-empty", "olga", "/c/the-community/consent/", {}, 400),
    case("join-no-charter-yet", "olga", "/c/bare/join/", AGREE, 400),
    *group("status", "camille", STATUS_NEW, 400, {
        "empty": {},
        "body-blank": {"title": "", "body": "  \n "},
        "body-10001": {"body": "b" * 10_001},
        "body-100k": {"body": LONG},
        "body-nul": {"body": NUL},
        "title-201": {"title": "t" * 201, "body": "Hi"},
    }),
    case("status-not-steward", "michu", STATUS_NEW, {"body": "I speak for all"}, 403),
    case("status-foundations-missing", "camille", "/c/bare/statuses/new/", {"body": "Hi"}, 409),
    *group("post", "michu", POST_NEW, 400, {
        "empty": {},
        "title-missing": {"body": "Body"},
        "body-missing": {"title": "Title"},
        "title-spaces": POST | {"title": "   "},
        "title-201": POST | {"title": "t" * 201},
        "title-nul": POST | {"title": NUL},
        "body-10001": POST | {"body": "b" * 10_001},
        "body-100k": POST | {"body": LONG},
    }),
    case("post-not-a-member", "olga", POST_NEW, POST, 403),
    case("post-unverified", "newbie", POST_NEW, POST, 403),
    case("post-unknown-community", "michu", "/c/no-such-place/posts/new/", POST, 404),
    case("post-private-community", "olga", "/c/hidden/posts/new/", POST, 404),
    *group("post-edit", "michu", P + "/{michu_post}/edit/", 400, {
        "empty": {},
        "title-blank": POST | {"title": " "},
        "title-201": POST | {"title": "t" * 201},
        "body-10001": POST | {"body": "b" * 10_001},
        "body-100k": POST | {"body": LONG},
        "body-nul": POST | {"body": NUL},
    }),
    case("post-edit-someone-elses", "michu", P + "/{status}/edit/", POST, 404),
    case("post-edit-unknown", "michu", P + "/999999/edit/", POST, 404),
    case("post-edit-huge-id", "michu", P + f"/{HUGE_ID}/edit/", POST, 404),
    case("post-edit-deleted", "michu", P + "/{deleted_post}/edit/", POST, 404),
    case("post-edit-other-community-id", "michu", P + "/{other_post}/edit/", POST, 404),
    case("post-edit-under-other-slug", "michu", "/c/elsewhere/p/{michu_post}/edit/", POST, 404),
    case("post-delete-someone-elses", "michu", P + "/{status}/delete/", {}, 403),
    case("post-delete-unknown", "michu", P + "/999999/delete/", {}, 404),
    case("post-delete-huge-id", "michu", P + f"/{HUGE_ID}/delete/", {}, 404),
    case("post-delete-deleted", "michu", P + "/{deleted_post}/delete/", {}, 404),
    case("post-delete-other-community-id", "michu", P + "/{other_post}/delete/", {}, 404),
    case("post-delete-under-other-slug", "michu", "/c/elsewhere/p/{michu_post}/delete/", {}, 404),
    *group("comment", "michu", P + "/{status}/comments/", 400, {
        "empty": {},
        "blank": {"body": " \n\t "},
        "5001": {"body": "c" * 5001},
        "100k": {"body": LONG},
        "nul": {"body": NUL},
        "parent-text": REPLY | {"parent": "first"},
        "parent-list": REPLY | {"parent": ["1", "x"]},
        "parent-zero": REPLY | {"parent": "0"},
        "parent-negative": REPLY | {"parent": "-3"},
        "parent-deleted": REPLY | {"parent": Ref("deleted_comment")},
        "parent-too-deep": REPLY | {"parent": Ref("deepest")},
    }),
    *group("comment", "michu", P + "/{status}/comments/", 404, {
        "parent-unknown": REPLY | {"parent": "999999"},
        "parent-huge": REPLY | {"parent": HUGE_ID},
        "parent-of-another-post": REPLY | {"parent": Ref("camille_answer")},
        "parent-of-another-community": REPLY | {"parent": Ref("other_comment")},
    }),
    case("comment-on-unknown-post", "michu", P + "/999999/comments/", REPLY, 404),
    case("comment-on-deleted-post", "michu", P + "/{deleted_post}/comments/", REPLY, 404),
    case("comment-on-other-community-post", "michu", P + "/{other_post}/comments/", REPLY, 404),
    case("comment-on-private-community", "olga", "/c/hidden/p/1/comments/", REPLY, 404),
    *group("comment-edit", "michu", P + "/{status}/c/{michu_comment}/edit/", 400, {
        "empty": {},
        "5001": {"body": "c" * 5001},
        "100k": {"body": LONG},
        "nul": {"body": NUL},
    }),
    *[
        case(f"comment-{action}-{name}", "michu", url + f"{action}/", data, 404)
        for action, data in (("edit", {"body": "Moved"}), ("delete", {}))
        for name, url in {
            "someone-elses": P + "/{question}/c/{camille_answer}/",
            "under-wrong-post": P + "/{question}/c/{michu_comment}/",
            "other-community-comment": P + "/{status}/c/{other_comment}/",
            "other-community-post": P + "/{other_post}/c/{other_comment}/",
            "deleted": P + "/{status}/c/{deleted_comment}/",
            "unknown": P + "/{status}/c/999999/",
            "huge-id": P + "/{status}/c/" + HUGE_ID + "/",
        }.items()
    ],
    *group("react", "michu", P + "/{status}/react/", 400, {
        "missing-kind": {},
        "empty-kind": {"kind": ""},
        "unknown-kind": {"kind": "angry"},
        "uppercase-kind": {"kind": "LIKE"},
        "script-kind": {"kind": XSS},
        "100k-kind": {"kind": LONG},
    }),
    *[
        case(f"react-{name}", "michu", url, LIKE, 404)
        for name, url in {
            "unknown-post": P + "/999999/react/",
            "deleted-post": P + "/{deleted_post}/react/",
            "other-community-post": P + "/{other_post}/react/",
            "comment-of-another-post": P + "/{status}/c/{camille_answer}/react/",
            "comment-of-other-community": P + "/{status}/c/{other_comment}/react/",
            "deleted-comment": P + "/{status}/c/{deleted_comment}/react/",
            "unknown-comment": P + "/{status}/c/999999/react/",
        }.items()
    ],
    case("react-not-a-member", "olga", P + "/{status}/react/", LIKE, 403),
    case("accept-on-a-post-not-a-question", "michu", P + "/{michu_post}/c/{on_michu_post}/accept/",
         {}, 400),
    *[
        case(f"accept-{name}", "michu", url, {}, 404)
        for name, url in {
            "comment-of-another-post": P + "/{question}/c/{michu_comment}/accept/",
            "comment-of-other-community": P + "/{question}/c/{other_comment}/accept/",
            "deleted-comment": P + "/{question}/c/{deleted_answer}/accept/",
            "unknown-comment": P + "/{question}/c/999999/accept/",
            "under-other-slug": "/c/elsewhere/p/{question}/c/{camille_answer}/accept/",
        }.items()
    ],
    case("accept-not-the-asker", "nadia", P + "/{question}/c/{camille_answer}/accept/", {}, 403),
    *group("notifications-read", "michu", READ, 400, {
        "text-id": {"id": "first"},
        "empty-id": {"id": ""},
        "float-id": {"id": "1.5"},
        "script-id": {"id": XSS},
    }),
    # Moderation: flags, urgent actions, votes, appeals, the rule tester.
    *group("flag", "nadia", P + "/{michu_post}/flag/", 400, {
        "missing-article": {},
        "text-article": {"article": "first"},
        "unknown-article": {"article": "9"},
        "100k-note": {"article": "1", "note": LONG},
        "nul-note": {"article": "1", "note": NUL},
    }),
    case("flag-own-post", "michu", P + "/{michu_post}/flag/", {"article": "1"}, 403),
    case("flag-not-a-member", "olga", P + "/{michu_post}/flag/", {"article": "1"}, 403),
    case("flag-deleted-post", "nadia", P + "/{deleted_post}/flag/", {"article": "1"}, 404),
    case("flag-other-community", "nadia", P + "/{other_post}/flag/", {"article": "1"}, 404),
    case("flag-comment-of-another-post", "nadia", P + "/{status}/c/{on_michu_post}/flag/",
         {"article": "1"}, 404),
    *group("hide", "camille", P + "/{michu_post}/hide/", 400, {
        "no-reason": {"article": "1"},
        "short-reason": {"article": "1", "reason": "bad"},
        "100k-reason": {"article": "1", "reason": LONG},
        "unknown-article": {"article": "7", "reason": "A long enough reason"},
    }),
    case("hide-not-a-steward", "nadia", P + "/{michu_post}/hide/",
         {"article": "1", "reason": "A long enough reason"}, 403),
    case("vote-unknown-case", "michu", "/c/the-community/cases/999999/vote/",
         {"choice": "remove"}, 404),
    case("appeal-unknown-case", "michu", "/c/the-community/cases/999999/appeal/",
         {"reason": "A long enough reason"}, 404),
    *group("rules-test", "camille", "/c/the-community/charter/rules/test/", 400, {
        "backreference": {"patterns": "(a)\\1", "sample": "aa"},
        "lookbehind": {"patterns": "(?<=a)b"},
        "empty-match": {"patterns": "x*"},
        "long-pattern": {"patterns": "a" * 600},
    }),
    case("rules-test-not-a-steward", "michu", "/c/the-community/charter/rules/test/",
         {"watched_terms": "x"}, 403),
    # Governance: proposals and ballots.
    *group("propose-steward", "michu", "/c/the-community/governance/steward/", 400, {
        "unknown-member": {"candidate": "nobody", "reason": "A long enough reason"},
        "outsider": {"candidate": "olga", "reason": "A long enough reason"},
        "short-reason": {"candidate": "nadia", "reason": "no"},
        "100k-reason": {"candidate": "nadia", "reason": LONG},
        "bad-date": {"candidate": "nadia", "reason": "A long enough reason", "ends_at": "soon"},
        "past-date": {"candidate": "nadia", "reason": "A long enough reason",
                      "ends_at": "2001-01-01"},
        **{f"date-{name}": {"candidate": "nadia", "reason": "A long enough reason",
                            "ends_at": day}
           for name, day in OUT_OF_RANGE_DAYS.items()},
    }),
    case("propose-steward-already-one", "michu", "/c/the-community/governance/steward/",
         {"candidate": "camille", "reason": "A long enough reason"}, 409),
    case("propose-steward-not-a-member", "olga", "/c/the-community/governance/steward/",
         {"candidate": "nadia", "reason": "A long enough reason"}, 403),
    case("amend-nothing-changed", "michu", "/c/the-community/governance/amend/", {
        "reason": "A long enough reason", "articles-TOTAL_FORMS": "2",
        "articles-INITIAL_FORMS": "0",
        "articles-0-title": CURRENT_CHARTER[0][0],
        "articles-0-body": CURRENT_CHARTER[0][1],
        "articles-1-title": SECOND[0], "articles-1-body": SECOND[1]}, 400),
    case("amend-bad-pattern", "michu", "/c/the-community/governance/amend/", {
        "reason": "A long enough reason", "articles-TOTAL_FORMS": "1",
        "articles-INITIAL_FORMS": "0", "articles-0-title": "T", "articles-0-body": "B",
        "articles-0-patterns": "(a)\\1", "articles-0-patterns_action": "hold"}, 400),
    case("ballot-unknown-proposal", "michu", "/c/the-community/governance/999999/vote/",
         {"yes": "yes"}, 404),
    case("lay-down-someone-elses", "michu", "/c/the-community/governance/lay-down/999999/",
         {}, 404),
    # The workbench: calendar, rituals, objectives, settings, inbox, knowledge base.
    *group("plan", "camille", "/c/the-community/calendar/plan/", 400, {
        "100k-body": {"body": LONG},
        "nul-title": {"title": NUL, "body": "x"},
        "day-without-time": {"body": "x", "day": "2030-01-01"},
        "bad-day": {"body": "x", "day": "31/02/2030", "time": "10:00"},
        "unknown-objective": {"body": "x", "objective": "999999"},
        "unknown-pillar": {"body": "x", "pillar": "Nope"},
    }),
    case("plan-not-a-steward", "michu", "/c/the-community/calendar/plan/", {"body": "x"}, 403),
    case("plan-private-elsewhere", "olga", "/c/hidden/calendar/plan/", {"body": "x"}, 404),
    *group("move", "camille", "/c/the-community/calendar/{planned}/move/", 400, {
        "nothing": {},
        "bad-time": {"day": "2030-01-01", "time": "25:61"},
        "huge-year": {"day": "99999-01-01", "time": "10:00"},
    }),
    case("move-unknown", "camille", "/c/the-community/calendar/999999/move/",
         {"day": "2030-01-01", "time": "10:00"}, 404),
    case("schedule-without-time", "camille", "/c/the-community/calendar/{planned}/schedule/",
         {}, 400),
    case("approve-own", "camille", "/c/the-community/calendar/{planned}/approve/", {}, 403),
    case("unknown-action", "camille", "/c/the-community/calendar/{planned}/publish-now/",
         {}, 404),
    case("unschedule-a-draft", "camille", "/c/the-community/calendar/{planned}/unschedule/",
         {}, 409),
    # Days out of range in forms, and in the calendar's hidden anchor (the day it returns to).
    *group("plan", "camille", "/c/the-community/calendar/plan/", 400, {
        f"day-{name}": {"body": "x", "day": day, "time": "23:59"}
        for name, day in OUT_OF_RANGE_DAYS.items()
    }),
    *group("plan", "camille", "/c/the-community/calendar/plan/", 400, {
        f"anchor-{name}": {"body": "x", "anchor": day} for name, day in BAD_DAYS.items()
    }),
    *group("edit", "camille", "/c/the-community/calendar/{planned}/", 400, {
        f"day-{name}": {"body": "Draft", "day": day, "time": "00:00"}
        for name, day in OUT_OF_RANGE_DAYS.items()
    }),
    *group("edit", "camille", "/c/the-community/calendar/{planned}/", 400, {
        f"anchor-{name}": {"body": "Changed", "anchor": day} for name, day in BAD_DAYS.items()
    }),
    *group("move", "camille", "/c/the-community/calendar/{planned}/move/", 400, {
        f"day-{name}": {"day": day, "time": "00:00"} for name, day in OUT_OF_RANGE_DAYS.items()
    }),
    *group("move", "camille", "/c/the-community/calendar/{planned}/move/", 400, {
        f"anchor-{name}": {"day": "2030-01-01", "time": "10:00", "anchor": day}
        for name, day in BAD_DAYS.items()
    }),
    *group("ready", "camille", "/c/the-community/calendar/{planned}/ready/", 400, {
        f"anchor-{name}": {"anchor": day} for name, day in BAD_DAYS.items()
    }),
    *group("delete", "camille", "/c/the-community/calendar/{planned}/delete/", 400, {
        f"anchor-{name}": {"anchor": day} for name, day in BAD_DAYS.items()
    }),
    *group("ritual", "camille", "/c/the-community/rituals/", 400, {
        "no-title": {"frequency": "weekly", "weekday": "0", "time": "09:00", "weeks_ahead": "4"},
        "bad-frequency": {"title": "R", "frequency": "daily", "time": "09:00",
                          "weeks_ahead": "4"},
        "weekly-without-day": {"title": "R", "frequency": "weekly", "time": "09:00",
                               "weeks_ahead": "4"},
        "day-31": {"title": "R", "frequency": "monthly", "day_of_month": "31",
                   "time": "09:00", "weeks_ahead": "4"},
        "too-far": {"title": "R", "frequency": "weekly", "weekday": "0", "time": "09:00",
                    "weeks_ahead": "500"},
    }),
    *group("objective", "camille", "/c/the-community/objectives/", 400, {
        "no-indicator": {"title": "O", "starts_on": "2030-01-01", "ends_on": "2030-02-01"},
        "no-target": {"title": "O", "starts_on": "2030-01-01", "ends_on": "2030-02-01",
                      "indicators": "Answers"},
        "reversed": {"title": "O", "starts_on": "2030-03-01", "ends_on": "2030-02-01",
                     "indicators": "Answers: 90 %"},
        "100k": {"title": "O", "starts_on": "2030-01-01", "ends_on": "2030-02-01",
                 "indicators": LONG},
    }),
    *group("objective", "camille", "/c/the-community/objectives/", 400, {
        f"starts-{name}": {"title": "O", "starts_on": day, "ends_on": "2030-02-01",
                           "indicators": "Answers: 90 %"}
        for name, day in OUT_OF_RANGE_DAYS.items()
    }),
    *group("objective", "camille", "/c/the-community/objectives/", 400, {
        f"ends-{name}": {"title": "O", "starts_on": "2030-01-01", "ends_on": day,
                         "indicators": "Answers: 90 %"}
        for name, day in OUT_OF_RANGE_DAYS.items()
    }),
    *group("workbench-settings", "camille", "/c/the-community/workbench/settings/", 400, {
        "unknown-zone": {"time_zone": "Mars/Olympus", "response_target_hours": "4",
                         "fact_review_days": "180", "saved_reply_repeat": "3"},
        "too-many-pillars": {"time_zone": "UTC", "pillars": "\n".join(f"p{i}" for i in range(13)),
                             "response_target_hours": "4", "fact_review_days": "180",
                             "saved_reply_repeat": "3"},
        "zero-target": {"time_zone": "UTC", "response_target_hours": "0",
                        "fact_review_days": "180", "saved_reply_repeat": "3"},
    }),
    # The health dashboard's settings.
    *group("health-settings", "camille", "/c/the-community/health/settings/", 400, {
        "empty": {},
        "hours-reversed": {"work_days": ["0"], "work_starts": "18", "work_ends": "9",
                           "digest_weekday": "0", "digest_hour": "8"},
        "no-day": {"work_starts": "9", "work_ends": "18", "digest_weekday": "0",
                   "digest_hour": "8"},
        "day-8": {"work_days": ["8"], "work_starts": "9", "work_ends": "18",
                  "digest_weekday": "0", "digest_hour": "8"},
        "hour-text": {"work_days": ["0"], "work_starts": "nine", "work_ends": "18",
                      "digest_weekday": "0", "digest_hour": "8"},
        "digest-hour-24": {"work_days": ["0"], "work_starts": "9", "work_ends": "18",
                           "digest_weekday": "0", "digest_hour": "24"},
        "nul": {"work_days": ["0\x00"], "work_starts": "9", "work_ends": "18",
                "digest_weekday": "0", "digest_hour": "8"},
    }),
    case("health-settings-not-a-steward", "michu", "/c/the-community/health/settings/",
         {"work_days": ["0"]}, 403),
    case("health-settings-private-elsewhere", "olga", "/c/hidden/health/settings/",
         {"work_days": ["0"]}, 404),
    *group("claim", "camille", "/c/the-community/inbox/claim/", 400, {
        "empty": {}, "not-an-item": {"item": "user:1"}, "injection": {"item": "post:1;--"},
    }),
    case("claim-unknown", "camille", "/c/the-community/inbox/claim/", {"item": "post:999999"},
         404),
    case("claim-elsewhere", "camille", "/c/the-community/inbox/claim/",
         {"item": Ref("other_post_item")}, 404),
    *group("answer", "camille", "/c/the-community/inbox/questions/{question}/", 400, {
        "empty": {"body": ""},
        "100k": {"body": LONG},
        "unknown-saved-reply": {"body": "Hi", "saved_reply": "999999"},
    }),
    *group("fact", "camille", "/c/the-community/knowledge/new/", 400, {
        "empty": {},
        "100k-answer": {"question": "Q", "answer": LONG},
        "too-many-tags": {"question": "Q", "answer": "A", "tags": ",".join("t" * 20)},
        "nul": {"question": NUL, "answer": "A"},
    }),
    case("fact-not-a-steward", "michu", "/c/the-community/knowledge/new/",
         {"question": "Q", "answer": "A"}, 403),
    case("fact-unknown", "camille", "/c/the-community/knowledge/999999/",
         {"question": "Q", "answer": "A"}, 404),
    *group("saved-reply", "camille", "/c/the-community/saved-replies/", 400, {
        "empty": {}, "100k": {"title": "T", "body": LONG},
    }),
    # Ids that are not one's own notifications: refused, not "done" with nothing done.
    *group("notifications-read", "michu", READ, 404, {
        "unknown-id": {"id": "999999"},
        "huge-id": {"id": HUGE_ID},
        "someone-elses": {"id": Ref("camille_notification")},
    }),
]  # fmt: skip


@pytest.mark.parametrize("who, url, data, expected", HTML_CASES)
def test_bad_form_input_gets_a_clear_4xx_and_writes_nothing(world, who, url, data, expected):
    client = world.client(who)
    before = snapshot()
    response = client.post(world.url(url), world.data(data))
    assert response.status_code < 500, f"server error on {url}"
    assert_clear_refusal(response, expected)
    assert_nothing_written(before)


# --- days and ids in query strings and paths -----------------------------------------------

CALENDAR = "/c/the-community/calendar/"
HEALTH = "/c/the-community/health/"
# In the past wherever the suite runs: a custom period must not start in the future.
PAST_FIRST, PAST_LAST = "2025-01-01", "2025-01-31"

# Each URL with a "@" where the value goes, and the values that must get a 400 there.
QUERY_CASES = {
    "calendar-day": (CALENDAR + "?day=@", BAD_DAYS),
    # Both ends of a custom period: a period near the start of time.
    "health-period": (HEALTH + "?period=custom&first=@&last=@", BAD_DAYS),
    "health-items-period": (HEALTH + "items/questions/?period=custom&first=@&last=@", BAD_DAYS),
    "health-export-period": (HEALTH + "export/daily.csv?period=custom&first=@&last=@", BAD_DAYS),
    "calendar-week-day": (CALENDAR + "?view=week&day=@", BAD_DAYS),
    "calendar-fragment-day": (CALENDAR + "?view=week&fragment=grid&day=@", BAD_DAYS),
    "calendar-new": (CALENDAR + "?new=@", BAD_DAYS),
    "calendar-edit-day": (CALENDAR + "{planned}/?day=@", BAD_DAYS),
    "calendar-delete-day": (CALENDAR + "{planned}/delete/?day=@", BAD_DAYS),
    "health-first": (HEALTH + f"?period=custom&first=@&last={PAST_LAST}", BAD_DAYS),
    "health-last": (HEALTH + f"?period=custom&first={PAST_FIRST}&last=@", BAD_DAYS),
    "health-items-first": (
        HEALTH + f"items/questions/?period=custom&first=@&last={PAST_LAST}",
        BAD_DAYS,
    ),
    "health-items-last": (
        HEALTH + f"items/questions/?period=custom&first={PAST_FIRST}&last=@",
        BAD_DAYS,
    ),
    "health-export-first": (
        HEALTH + f"export/daily.csv?period=custom&first=@&last={PAST_LAST}",
        BAD_DAYS,
    ),
    "health-export-last": (
        HEALTH + f"export/daily.csv?period=custom&first={PAST_FIRST}&last=@",
        BAD_DAYS,
    ),
    "health-article": (HEALTH + "items/cases/?period=30&article=@", BAD_IDS),
    "health-article-csv": (HEALTH + "items/cases/?period=30&format=csv&article=@", BAD_IDS),
    "health-user": (HEALTH + "items/steward/?period=30&user=@", BAD_IDS),
    "reply": ("/c/the-community/p/{status}/?reply=@", BAD_IDS),
    "health-items-page": (HEALTH + "items/questions/?period=30&page=@", BAD_PAGES),
    "inbox-page": ("/c/the-community/inbox/?page=@", BAD_PAGES),
    "knowledge-page": ("/c/the-community/knowledge/?page=@", BAD_PAGES),
}


@pytest.mark.parametrize("name", list(QUERY_CASES))
def test_bad_days_and_ids_in_query_strings_get_a_clear_400(world, name):
    """Too early, too late, too large or malformed: a 400 that says why, never a 500."""
    template, values = QUERY_CASES[name]
    camille = world.client("camille")
    wrong = []
    for shape, value in values.items():
        url = world.url(template).replace("@", quote(value))
        response = camille.get(url)
        message = human_message(response)
        if response.status_code != 400 or len(message) < 10:
            wrong.append(f"{shape} ({url}): {response.status_code} {message[:80]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("day", [EARLIEST, LATEST])
def test_the_first_and_the_last_usable_days_work(world, day):
    """The calendar steps a week or a month either way from them, and a period starting on
    the first one is compared with the year before it."""
    camille = world.client("camille")
    for query in (f"?day={day}", f"?view=week&day={day}", f"?new={day}"):
        response = camille.get(CALENDAR + query)
        assert response.status_code == 200, query
    at = "00:00" if day == EARLIEST else "23:59"
    response = camille.post(
        CALENDAR + "plan/", {"body": "Au bord du temps", "day": day, "time": at, "anchor": day}
    )
    assert response.status_code == 302, human_message(response)
    response = camille.get(CALENDAR + f"?view=week&day={day}")
    assert "Au bord du temps" in response.content.decode()
    if day == EARLIEST:
        year = f"?period=custom&first={EARLIEST}&last=0003-12-31"
        for url in (HEALTH, HEALTH + "items/questions/", HEALTH + "export/daily.csv"):
            assert camille.get(url + year).status_code == 200, url


@pytest.mark.parametrize(
    "zone_name", ["Pacific/Kiritimati", "Etc/GMT+12", "America/Los_Angeles", "UTC"]
)
def test_the_usable_days_stay_in_range_in_every_time_zone(zone_name):
    """What the pages compute from a day (the month's grid and its neighbours, the UTC
    instants of its first and last days, a year's period and the one before it) fits
    Python's date range from the first usable day to the last, 14 hours either side of UTC."""
    from datetime import UTC, date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from agora.health import metrics
    from agora.workbench.selectors import month_grid

    zone = ZoneInfo(zone_name)
    for day in (date.fromisoformat(EARLIEST), date.fromisoformat(LATEST)):
        weeks = month_grid(day)
        first = day.replace(day=1)
        monday = day - timedelta(days=day.weekday())
        for neighbour in ((first - timedelta(days=1)).replace(day=1),
                          (first + timedelta(days=32)).replace(day=1),
                          monday - timedelta(days=7), monday + timedelta(days=7)):  # fmt: skip
            month_grid(neighbour)
        for moment in (datetime.combine(weeks[0][0], time(0), tzinfo=zone),
                       datetime.combine(weeks[-1][-1] + timedelta(days=1), time(0), tzinfo=zone),
                       datetime.combine(day, time(23, 59), tzinfo=zone)):  # fmt: skip
            moment.astimezone(UTC).astimezone(zone)
    earliest = date.fromisoformat(EARLIEST)
    metrics.window(earliest, earliest + timedelta(days=365), zone_name).previous(zone_name)


def _routes(patterns=None, prefix=""):
    """Every route of the site as written in the urls.py files (e.g. "c/<slug:slug>/…")."""
    from django.urls import URLResolver, get_resolver

    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_number_in_a_path_is_an_id():
    """`<int:…>` takes any number of digits; `<id:…>` only what a database integer holds."""
    numbers = [route for route in _routes() if "<int:" in route]
    assert not numbers, numbers


@pytest.mark.parametrize("number", [HUGE_ID, "9" * 20, str(2**63), "0"])
def test_ids_no_database_holds_in_a_path_answer_404(world, number):
    import re

    routes = [route for route in _routes() if re.search(r"<(id|int):", route)]
    assert len(routes) > 30
    camille = world.client("camille")
    wrong = []
    for route in routes:
        path = re.sub(r"<(id|int):\w+>", number, route.replace("^", ""))
        path = "/" + re.sub(r"<\w+:\w+>", lambda m: "the-community" if "slug" in m[0] else "x",
                            path)  # fmt: skip
        for method in (camille.get, camille.post):
            response = method(path)
            if response.status_code != 404:
                wrong.append(f"{method.__name__.upper()} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# --- the API -------------------------------------------------------------------------------

STATUSES = "/api/communities/the-community/statuses"
POSTS = "/api/communities/the-community/posts"
TB = {"title": "T", "body": "B"}

API_CASES = [
    *group("status", "camille", STATUSES, 422, {
        "no-field": {},
        "body-null": {"body": None},
        "body-number": {"body": 12345},
        "body-list": {"body": ["a", "b"]},
        "body-object": {"body": {"text": "hi"}},
        "title-number": {"title": 7, "body": "Hi"},
        "body-10001": {"body": "b" * 10_001},
        "body-100k": {"body": LONG},
        "title-201": {"title": "t" * 201, "body": "Hi"},
        "top-level-list": [{"body": "Hi"}],
        "top-level-string": '"Hi"',
    }),
    *group("status", "camille", STATUSES, 400, {
        "body-empty": {"body": ""},
        "body-blank": {"body": "  \n "},
        "malformed-json": '{"body": "Hi"',
        "not-json": "body=Hi",
    }),
    *group("status", "camille", STATUSES, 400, {
        "body-nul": {"body": NUL},
        "title-nul": {"title": NUL, "body": "Hi"},
    }),
    case("status-not-steward", "michu", STATUSES, {"body": "I speak for all"}, 403),
    case("status-foundations-missing", "camille", "/api/communities/bare/statuses",
         {"body": "Hi"}, 409),
    case("status-unknown-community", "camille", "/api/communities/nowhere/statuses",
         {"body": "Hi"}, 404),
    case("status-private-community", "olga", "/api/communities/hidden/statuses",
         {"body": "Hi"}, 404),
    case("status-anonymous", None, STATUSES, {"body": "Hi"}, 401),
    *group("post", "michu", POSTS, 422, {
        "no-field": {},
        "title-missing": {"body": "Hi"},
        "body-number": {"title": "T", "body": 1},
        "title-list": {"title": ["T"], "body": "Hi"},
        "is-question-text": TB | {"is_question": "maybe"},
        "is-question-list": TB | {"is_question": [True]},
        "title-201": TB | {"title": "t" * 201},
        "body-10001": TB | {"body": "b" * 10_001},
        "body-100k": TB | {"body": LONG},
    }),
    *group("post", "michu", POSTS, 400, {
        "title-empty": TB | {"title": ""},
        "title-blank": TB | {"title": "   "},
        "malformed-json": "{title: T}",
    }),
    case("post-body-nul", "michu", POSTS, TB | {"body": NUL}, 400),
    case("post-not-a-member", "olga", POSTS, TB, 403),
    case("post-unverified", "newbie", POSTS, TB, 403),
    case("post-private-community", "olga", "/api/communities/hidden/posts", TB, 404),
    case("post-anonymous", None, POSTS, TB, 401),
]  # fmt: skip


@pytest.mark.parametrize("who, url, payload, expected", API_CASES)
def test_bad_api_input_gets_a_problem_json_4xx_and_writes_nothing(
    world, who, url, payload, expected
):
    client = world.client(who)
    body = payload if isinstance(payload, str) else json.dumps(payload)
    before = snapshot()
    response = client.post(url, body, content_type="application/json")
    assert response.status_code < 500, f"server error on {url}"
    assert_status(response, expected)
    assert response["Content-Type"].startswith("application/problem+json"), (
        f"{response.status_code} answered as {response['Content-Type']}: {response.content[:200]}"
    )
    assert_clear_refusal(response, expected)
    assert_nothing_written(before)


@pytest.mark.parametrize("url", [STATUSES, POSTS])
def test_cookie_authenticated_api_write_without_csrf_token_is_refused(world, url):
    client = world.client("camille", enforce_csrf_checks=True)
    before = snapshot()
    response = client.post(
        url, json.dumps({"title": "T", "body": "B"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    assert_clear_refusal(response, 403)
    assert_nothing_written(before)


# --- hostile text is rendered inert --------------------------------------------------------

DANGEROUS_TAGS = {
    "script", "iframe", "frame", "object", "embed", "svg", "math", "style", "img", "base",
    "video", "audio", "source", "applet", "template",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


class _Tags(HTMLParser):
    """The tags a browser would build: escaped text such as &lt;script&gt; is no tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def _scheme(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    return "".join(ch for ch in value if ch > " ").lower()


# The app's own pictures (media's `picture` and `avatar` tags): an <img> or <source> whose
# every URL is the checked serving view, with no attribute beyond these.
APP_PICTURE_TAGS = {"img", "source"}
APP_PICTURE_URL = re.compile(r"^/media/[A-Za-z0-9_-]{20,32}/[0-9a-f]{16}-\d{1,5}\.(?:webp|jpg)$")
APP_PICTURE_ATTRIBUTES = {
    "src", "srcset", "sizes", "type", "width", "height", "alt", "loading", "decoding", "class",
}  # fmt: skip


def _is_app_picture(attributes: dict) -> bool:
    if not set(attributes) <= APP_PICTURE_ATTRIBUTES:
        return False
    urls = [attributes["src"]] if "src" in attributes else []
    urls += [part.strip().split(" ")[0] for part in attributes.get("srcset", "").split(",")]
    return bool(urls) and all(APP_PICTURE_URL.match(url) for url in urls if url)


def assert_inert(html: str, *, where: str, page: bool = False) -> None:
    """Nothing in `html` would run: no script (but the app's own /static/ ones on a page),
    no dangerous element, no on* handler, no style, no javascript:/data:/vbscript: URL."""
    lowered = html.lower()
    assert "<script>alert" not in lowered, f"raw <script> in {where}"
    assert "<img src=x onerror" not in lowered, f"raw <img onerror> in {where}"
    parser = _Tags()
    parser.feed(html)
    for tag, attributes in parser.tags:
        if page and tag == "script":
            assert attributes.get("src", "").startswith("/static/"), (where, attributes)
        elif page and tag in {"link", "meta"}:
            pass
        elif tag in APP_PICTURE_TAGS and _is_app_picture(attributes):
            pass  # the app's own <picture>: every URL is its checked media view
        else:
            assert tag not in DANGEROUS_TAGS, f"<{tag}> in {where}: {attributes}"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"{name}= on <{tag}> in {where}"
            if not page:
                assert name != "style", f"style= on <{tag}> in {where}"
            if name in URL_ATTRIBUTES:
                assert not _scheme(value).startswith(DANGEROUS_SCHEMES), (
                    f'{name}="{value}" on <{tag}> in {where}'
                )
    if not page:
        assert "<script" not in lowered, f"<script in {where}"


MARKDOWN_ATTACKS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("Hi <SCRIPT SRC=https://evil.example/x.js></SCRIPT>", id="script-src"),
    pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
    pytest.param('<a href="#" onclick="alert(1)">click</a>', id="onclick"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param('<iframe src="javascript:alert(1)"></iframe>', id="iframe"),
    pytest.param('<div style="background:url(javascript:alert(1))">x</div>', id="style"),
    pytest.param('<a href="javascript:alert(1)">raw link</a>', id="raw-javascript-link"),
    pytest.param("[click](javascript:alert(1))", id="md-javascript-link"),
    pytest.param("[click](JaVaScRiPt:alert(1))", id="md-javascript-mixed-case"),
    pytest.param("[click](&#106;avascript:alert(1))", id="md-javascript-entity"),
    pytest.param("[click](java%0ascript:alert(1))", id="md-javascript-encoded-newline"),
    pytest.param("[click][ref]\n\n[ref]: javascript:alert(1)", id="md-reference-link"),
    pytest.param("<javascript:alert(1)>", id="md-autolink"),
    pytest.param("[click](vbscript:msgbox(1))", id="md-vbscript-link"),
    pytest.param(
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", id="data-link"
    ),
    pytest.param("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", id="data-image"),
    pytest.param("![x](x)\n<img src=x onerror=alert(1)>", id="image-then-raw-html"),
    pytest.param('[x](https://example.org "t\\" onmouseover=\\"alert(1)")', id="title-breakout"),
    pytest.param("`<script>alert(1)</script>`\n\n    <script>alert(1)</script>", id="code"),
    pytest.param(
        '@michu <script>alert(1)</script> @michu"><img src=x onerror=alert(1)>', id="mention"
    ),
    pytest.param("<details open ontoggle=alert(1)>x</details>", id="ontoggle"),
    pytest.param("<!--><script>alert(1)</script>-->", id="comment-trick"),
]


@pytest.mark.parametrize("source", MARKDOWN_ATTACKS)
def test_hostile_markdown_is_stored_and_shown_inert(world, source):
    michu, camille = world.client("michu"), world.client("camille")
    response = michu.post("/c/the-community/posts/new/", {"title": "Hostile", "body": source})
    assert response.status_code == 302, human_message(response)
    post = Post.objects.get(title="Hostile")
    assert_inert(post.body_html, where="stored post body_html")

    response = michu.post(f"/c/the-community/p/{post.pk}/comments/", {"body": source})
    assert response.status_code == 302, human_message(response)
    comment = Comment.objects.get(post=post)
    assert_inert(comment.body_html, where="stored comment body_html")

    response = camille.post(
        "/c/the-community/charter/new/",
        charter_new(("Hostile", source), CURRENT_CHARTER[1], summary="Hostile"),
    )
    assert response.status_code == 302, human_message(response)
    article = Article.objects.get(charter_version__number=2, number=1)
    assert_inert(article.body_html, where="stored article body_html")

    response = camille.post(STATUSES, json.dumps({"body": source}), content_type="application/json")
    assert response.status_code == 201
    assert_inert(response.json()["body_html"], where="body_html in the API answer")
    status = Post.objects.get(pk=response.json()["id"])
    assert_inert(status.body_html, where="stored status body_html")

    for url in (
        f"/c/the-community/p/{post.pk}/",
        f"/c/the-community/p/{status.pk}/",
        "/c/the-community/",
        "/c/the-community/charter/",
        "/c/the-community/charter/diff/1/2/",
        "/c/the-community/search/?q=Hostile",
        "/members/michu/",
    ):
        page = camille.get(url)
        assert page.status_code == 200, url
        assert_inert(page.content.decode(), where=url, page=True)


@pytest.fixture
def hostile_world(make_user, community_factory, join, world):
    """A community whose every plain field holds script tags, written the ordinary way (in
    the shared world, whose Olga is the outsider)."""
    olga = world.users["olga"]
    steward = make_user("steve", name=XSS)
    account_services.update_profile(user=steward, display_name=XSS, language="", bio=XSS)
    member = make_user("mona", name=XSS)
    community = community_factory(founder=steward, slug="xss", name=XSS, description=XSS)
    charter_services.publish_charter_version(
        community=community,
        by=steward,
        articles=[{"title": XSS, "body": XSS}, {"title": "Second " + XSS, "body": "Text"}],
        summary=XSS,
    )
    identity_services.set_identity(
        community=community,
        by=steward,
        address_form="tu",
        emoji_policy="none",
        tone=[XSS_SCRIPT, XSS_ATTR],
        preferred_terms=[{"term": XSS_SCRIPT, "replacement": XSS_ATTR}],
        banned_terms=[XSS],
        signature=XSS,
        signature_required=True,
    )
    identity_services.set_mindset(community=community, by=steward, values=[XSS, "Be kind"])
    join(member, community)
    status = conversation_services.publish_status(
        community=community, by=steward, title=XSS, body=XSS + "\n\n" + XSS
    )
    question = conversation_services.write_post(
        community=community, author=member, title=XSS, body=XSS + " @steve", is_question=True
    )
    answer = conversation_services.write_comment(post=question, author=steward, body=XSS)
    conversation_services.accept_answer(post=question, comment=answer, by=member)
    conversation_services.edit_post(post=question, by=member, title=XSS + " (edited)", body=XSS)
    conversation_services.edit_comment(comment=answer, by=steward, body=XSS + " (edited)")
    conversation_services.write_comment(post=status, author=member, body="@steve " + XSS)
    # A third charter version: the member must consent again and sees a diff with titles.
    charter_services.publish_charter_version(
        community=community,
        by=steward,
        articles=[{"title": XSS + " v3", "body": XSS + " v3"}],
        summary=XSS,
    )
    return {
        "steve": steward,
        "mona": member,
        "olga": olga,
        "status": status.pk,
        "question": question.pk,
        "answer": answer.pk,
    }


PLAIN_FIELD_PAGES = [
    (None, "/"),
    ("olga", "/"),
    ("mona", "/"),
    (None, "/c/xss/"),
    ("steve", "/c/xss/"),
    (None, "/c/xss/charter/"),
    (None, "/c/xss/charter/v1/"),
    (None, "/c/xss/charter/v2/"),
    (None, "/c/xss/charter/diff/1/2/"),
    (None, "/c/xss/charter/diff/2/3/"),
    ("olga", "/c/xss/join/"),
    ("mona", "/c/xss/consent/"),
    (None, "/c/xss/search/?q=alert"),
    (None, "/c/xss/search/?q=" + quote(XSS)),
    (None, "/c/xss/p/{status}/"),
    (None, "/c/xss/p/{question}/"),
    ("steve", "/c/xss/p/{question}/"),
    (None, "/c/xss/p/{question}/history/"),
    (None, "/c/xss/p/{question}/c/{answer}/history/"),
    ("mona", "/c/xss/p/{question}/edit/"),
    ("mona", "/c/xss/p/{question}/delete/"),
    ("steve", "/c/xss/p/{question}/c/{answer}/edit/"),
    ("steve", "/c/xss/p/{question}/c/{answer}/delete/"),
    (None, "/members/steve/"),
    (None, "/members/mona/"),
    ("steve", "/notifications/"),
    ("mona", "/notifications/"),
    ("steve", "/accounts/profile/"),
    ("steve", "/c/xss/setup/identity/"),
    ("steve", "/c/xss/setup/mindset/"),
    ("steve", "/c/xss/charter/new/"),
    ("steve", "/c/xss/statuses/new/"),
    ("steve", "/c/xss/posts/new/"),
]


def test_plain_fields_with_script_tags_are_escaped_on_every_page(client_for, hostile_world):
    clients = {None: client_for()} | {
        who: client_for(hostile_world[who]) for who in ("steve", "mona", "olga")
    }
    escaped = escape(XSS_SCRIPT)
    for who, template in PLAIN_FIELD_PAGES:
        url = template.format(**hostile_world)
        response = clients[who].get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.content.decode()
        assert escaped in html, f"{url} shows none of the hostile fields: the check proves nothing"
        assert_inert(html, where=f"{url} as {who}", page=True)

    # htmx fragments: the next page of the feed, and a reaction.
    fragment = clients[None].get(
        f"/c/xss/feed/?after={cursor_from_the_future()}", HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    assert escaped in fragment.content.decode()
    assert_inert(fragment.content.decode(), where="feed fragment", page=True)
    steve = clients["steve"]
    fragment = steve.post(
        f"/c/xss/p/{hostile_world['status']}/react/", {"kind": "love"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    assert_inert(fragment.content.decode(), where="reaction fragment", page=True)


def test_script_tags_in_names_are_escaped_in_flash_messages(world):
    """Messages that repeat what a person typed (the new community's name, the community
    joined) are escaped like everything else."""
    camille = world.client("camille")
    response = camille.post("/c/new/", COMMUNITY | {"name": XSS, "slug": "fresh"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(XSS_SCRIPT) in html
    assert_inert(html, where="page after creating a community", page=True)

    community = Community.objects.get(slug="fresh")
    charter_services.publish_charter_version(
        community=community, by=world.users["camille"], articles=[{"title": "T", "body": "B"}]
    )
    olga = world.client("olga")
    response = olga.post("/c/fresh/join/", {"version": "1", "agree": "on"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(XSS_SCRIPT) in html
    assert_inert(html, where="page after joining", page=True)


@pytest.mark.parametrize(
    "who, url",
    [
        (None, "/accounts/login/?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        ("olga", "/c/the-community/join/?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        (None, "/c/the-community/search/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        (None, "/c/the-community/p/{status}/?reply=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        (None, "/c/the-community/?after=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        (None, "/nowhere/%22%3E%3Cscript%3Ealert(1)%3C/script%3E/"),
        (None, "/members/%3Cscript%3Ealert(1)%3C/script%3E/"),
    ],
)
def test_reflected_input_is_escaped(world, who, url):
    response = world.client(who).get(world.url(url))
    assert response.status_code < 500
    assert_inert(response.content.decode(), where=url, page=True)


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param(forge_cursor("0001-01-01T00:00:00+05:00", "1"), id="before-year-1-in-utc"),
        pytest.param(forge_cursor("9999-12-31T23:59:59-05:00", "1"), id="after-9999-in-utc"),
        pytest.param(forge_cursor("0001-01-01T00:00:00", "1"), id="year-1-naive"),
        pytest.param(forge_cursor("2026-01-01T00:00:00+00:00", HUGE_ID), id="huge-id"),
        pytest.param(forge_cursor("2026-01-01T00:00:00+00:00", str(2**63)), id="id-past-64-bits"),
    ],
)
def test_out_of_range_cursors_start_from_the_top(world, cursor):
    """A feed's `after` cursor holds a moment and an id: out of range, it is treated like a
    garbled one (the first page), never an overflow in the database."""
    for who, url in (
        (None, "/c/the-community/"),
        (None, "/members/michu/"),
        ("michu", "/notifications/"),
        ("camille", "/c/the-community/journal/"),
        ("michu", "/moderation/notices/"),
        (None, "/api/communities/the-community/posts"),
    ):
        response = world.client(who).get(f"{url}?after={cursor}")
        assert response.status_code == 200, (url, response.status_code)
    first_page = world.client(None).get(f"/c/the-community/?after={cursor}")
    assert "Bonjour" in first_page.content.decode()


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "//evil.example/", "https://evil.example/", "data:text/html,x"],
)
def test_login_never_redirects_off_site(world, target):
    response = Client().post(
        f"/accounts/login/?next={target}",
        {"email": "michu@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
