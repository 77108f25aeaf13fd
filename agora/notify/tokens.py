"""The signed link in every e-mail that stops that kind of e-mail without logging in."""

from __future__ import annotations

from django.core import signing

SALT = "agora.notify.unsubscribe"
ALL = "*"  # a summary's link: every kind, everywhere


def make(user_id: int, kind: str, community_id: int | None) -> str:
    return signing.dumps({"u": user_id, "k": kind, "c": community_id or 0}, salt=SALT)


def read(token: str) -> tuple[int, str, int | None] | None:
    """(user id, kind, community id or None), or None for a forged link. No expiry: a link in
    an old e-mail still works."""
    try:
        data = signing.loads(token or "", salt=SALT)
        return int(data["u"]), str(data["k"]), int(data["c"]) or None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
