"""What every e-mail carries, signed: the link that stops that kind of e-mail without
logging in, and the address a reply goes to."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

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


# --- reply addresses ------------------------------------------------------------------------

REPLY_SALT = "agora.notify.reply"
REPLY_ADDRESS = re.compile(r"reply\+(\d{1,18})-([0-9a-f]{32})@", re.IGNORECASE)


def _reply_signature(email_id: int, user_id: int) -> str:
    return salted_hmac(REPLY_SALT, f"{email_id}:{user_id}", algorithm="sha256").hexdigest()[:32]


def reply_address(email_id: int, user_id: int, domain: str) -> str:
    """The Reply-To of one e-mail: names that e-mail (its member, post and comment) and is
    signed, so nobody can make one up; plain letters and digits, as every MTA keeps them."""
    return f"reply+{email_id}-{_reply_signature(email_id, user_id)}@{domain}"


def read_reply_address(text: str, user_of) -> tuple[int, int] | None:
    """(e-mail id, user id) of the first genuine reply address in `text`, or None.
    `user_of(email_id)` gives the user the e-mail was sent to (or None)."""
    for match in REPLY_ADDRESS.finditer(text or ""):
        email_id = int(match.group(1))
        user_id = user_of(email_id)
        if user_id is None:
            continue
        expected = _reply_signature(email_id, user_id)
        if constant_time_compare(expected, match.group(2).lower()):
            return email_id, user_id
    return None


# --- the inbound endpoint -------------------------------------------------------------------

INBOUND_TOLERANCE_SECONDS = 300


def inbound_signature(secret: str, timestamp: str, body: bytes) -> str:
    """What a provider (or the relay in front of it) sends in `X-Agora-Signature`: "v1=" and
    the HMAC-SHA256 of the timestamp, a dot and the body, with the shared secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def inbound_is_genuine(secret: str, timestamp: str, signature: str, body: bytes,
                       at: float) -> bool:  # fmt: skip
    """Signed with the secret, and recent: a captured request replayed later is refused."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(at - sent_at) > INBOUND_TOLERANCE_SECONDS:
        return False
    return constant_time_compare(inbound_signature(secret, timestamp, body), signature or "")
