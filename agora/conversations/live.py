"""Live activity on open pages: the header's unread count and the community feed's new posts,
checked by the page every few seconds (`docs/decisions/0010-live-activity.md`).

A page carries a signed token naming its reader and, on a community page, the community: the
check reads no session and no user row, so it costs one indexed query, and answers 304 when
nothing changed since the page's last look (an ETag over the two counts).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "agora.live"
# A page left open longer than this stops checking (its token expires); reloading it starts
# again with a fresh one. Short enough that a member who left a private community stops
# hearing of its new posts soon after.
MAX_AGE = 12 * 3600
# How often an open page checks (milliseconds): pages pause while hidden.
EVERY_MS = 20_000


def token(user=None, community=None, post=None) -> str:
    """The capability an open page uses to ask for its counts; issued only to someone who
    may see the community (the page that embeds it checked). A community page names its
    community (new posts), a post page its post (new comments)."""
    payload = {
        "u": user.pk if user is not None and user.is_authenticated else 0,
        "c": community.pk if community is not None and post is None else 0,
        "p": post.pk if post is not None else 0,
    }
    return signing.dumps(payload, salt=SALT, compress=False)


def read(value: str) -> tuple[int, int, int] | None:
    """(user id, community id, post id) from a token still valid, else None."""
    try:
        payload = signing.loads(value or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    try:
        return int(payload["u"]), int(payload["c"]), int(payload.get("p", 0))
    except (KeyError, TypeError, ValueError):
        return None


def url(user=None, community=None, post=None) -> str:
    return f"{reverse('live')}?t={token(user, community, post)}"
