"""Replies by e-mail: a member answers a notification e-mail and their words become their
comment in the thread, under exactly the rules of the web (membership, consent to the
current charter, mutes, the charter's automatic rules), through `write_comment`.

The reply address names the e-mail it answers and is signed (`tokens.reply_address`); the
sender must be the member it was sent to. An unknown or forged address is refused before
anything is read or written. The same message delivered twice (same Message-ID, else same
bytes) makes one comment. Replies from robots (auto-replies, bounces) are dropped without an
answer, so that two robots never answer each other forever.

Entry points: `agora mail receive` (standard input, what an MTA pipes to) and the signed
HTTP endpoint (`views.inbound`), both calling `receive`.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agora.conversations import services as conversations
from agora.core import mail
from agora.core.clock import now
from agora.core.errors import AgoraError, InvalidInput, NotAllowed, NotFound

from .. import mailtext, tokens
from ..models import InboundEmail, InboundOutcome, OutgoingEmail

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # what an MTA may hand over; the text is far smaller
# A claim left "pending" this long was cut short (a killed process): the message may retry.
PENDING_FOR = timedelta(minutes=10)
_RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")


class UnknownAddress(NotFound):
    default_message = "No such reply address."  # in the sender's bounce: not translated


class NotAMessage(InvalidInput):
    """What was handed over is no e-mail (empty, too large, no headers)."""


@dataclass(frozen=True)
class Received:
    outcome: str  # "comment", "duplicate" or "ignored"
    comment_id: int | None = None


def reply_to(row: OutgoingEmail) -> str:
    """The Reply-To of a post's e-mail, when replies by e-mail are set up
    (`AGORA_REPLY_DOMAIN`), else ""."""
    domain = settings.AGORA_REPLY_DOMAIN
    if not domain or row.post_id is None:
        return ""
    return tokens.reply_address(row.pk, row.user_id, domain)


def parse(raw: bytes):
    """The message in `raw`; NotAMessage when there is none."""
    if not raw or not raw.strip():
        raise NotAMessage(_("No message was received."))
    if len(raw) > MAX_BYTES:
        raise NotAMessage(_("This message is too large."))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys() or message.defects and not message.get("From"):
        raise NotAMessage(_("This is not an e-mail message."))
    return message


def receive(raw: bytes, *, recipient: str = "") -> Received:
    """Turn the reply in `raw` into its member's comment. `recipient` is the envelope
    recipient when the MTA gives it (the reply address), else the headers are read.

    Raises NotAMessage for what is no e-mail; UnknownAddress for a missing, unknown or
    forged reply address (nothing is recorded); AgoraError with a message for the member
    otherwise (they are also told by e-mail, in their language).
    """
    message = parse(raw)
    if _is_automatic(message):
        log.info("inbound mail from a robot dropped (%s)", message.get("Message-ID", ""))
        return Received("ignored")
    row = _email_answered(message, recipient)
    user = row.user
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    if not sender or sender != user.email.lower():
        # Someone else holds the address (a forwarded e-mail, a forgery): not a trace.
        raise UnknownAddress()
    key = _key(message, raw)
    claim = _claim(key, row)
    if claim is None:
        earlier = InboundEmail.objects.get(key=key)
        return Received("duplicate", earlier.comment_id)
    try:
        comment = _comment(row, message)
    except AgoraError as error:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            reason = str(error.message)
        InboundEmail.objects.filter(pk=claim.pk).update(
            outcome=InboundOutcome.REFUSED, reason=reason[:300]
        )
        _tell_refused(row, reason)
        raise
    except BaseException:
        InboundEmail.objects.filter(pk=claim.pk).delete()  # let the MTA try again
        raise
    InboundEmail.objects.filter(pk=claim.pk).update(outcome=InboundOutcome.COMMENT, comment=comment)
    return Received("comment", comment.pk)


def _is_automatic(message) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    return (
        auto != "no"
        or precedence in {"bulk", "junk", "auto_reply", "list"}
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or sender.startswith(("mailer-daemon@", "postmaster@"))
        or message.get_content_type() == "multipart/report"
    )


def _email_answered(message, recipient: str) -> OutgoingEmail:
    texts = [recipient] + [
        address for _name, address in getaddresses(
            [str(value) for header in _RECIPIENT_HEADERS for value in message.get_all(header, [])]
        )
    ]  # fmt: skip
    sent = {}

    def user_of(email_id: int) -> int | None:
        row = (
            OutgoingEmail.objects.filter(pk=email_id, post__isnull=False)
            .select_related("user", "post", "comment", "community")
            .first()
        )
        sent[email_id] = row
        return row.user_id if row else None

    found = tokens.read_reply_address(" ".join(texts), user_of)
    if found is None:
        raise UnknownAddress()
    row = sent[found[0]]
    if not row.user.is_active:
        raise UnknownAddress()
    return row


def _key(message, raw: bytes) -> str:
    message_id = str(message.get("Message-ID", "")).strip()
    if message_id:
        return message_id[:255]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _claim(key: str, row) -> InboundEmail | None:
    """This message is ours to handle, or None when it was received before. A claim left
    pending by a process that died is taken over."""
    try:
        with transaction.atomic():
            return InboundEmail.objects.create(
                key=key, user=row.user, email=row, outcome=InboundOutcome.PENDING,
                received_at=now(),
            )  # fmt: skip
    except IntegrityError:
        taken = InboundEmail.objects.filter(
            key=key, outcome=InboundOutcome.PENDING, received_at__lt=now() - PENDING_FOR
        ).update(received_at=now())
        return InboundEmail.objects.get(key=key) if taken else None


def _comment(row: OutgoingEmail, message):
    """The comment, under the web's rules: on the e-mail's comment when it can take a reply
    (still shown, not too deep), else on the post."""
    user = row.user
    if row.sent_at and row.sent_at < now() - timedelta(days=settings.AGORA_REPLY_DAYS):
        raise NotAllowed(_("This reply address has expired: answer in the thread instead."))
    text = mailtext.reply_text(message)
    if not text:
        raise InvalidInput(_("Your reply was empty once the quoted e-mail was taken out."))
    parent = row.comment
    if parent is not None and (
        not parent.is_visible or parent.depth + 1 > settings.AGORA_COMMENT_MAX_DEPTH
    ):
        parent = None
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return conversations.write_comment(post=row.post, author=user, body=text, parent=parent)


def _tell_refused(row: OutgoingEmail, reason: str) -> None:
    """The member hears, in their language, why their reply is not in the thread."""
    link = settings.BASE_URL + reverse("conversations:post", args=[row.community.slug, row.post_id])
    mail.send_templated(
        recipient=row.user,
        template="notify/email/reply_refused",
        context={"user": row.user, "reason": reason, "link": link, "post": row.post},
    )
