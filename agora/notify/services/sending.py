"""Sending what is due, from the worker: alone when the member wants it at once, in a daily or
weekly summary otherwise, never when they said so, already read in the app, or refused by
their mail server.

Each e-mail is multipart (plain text and HTML), in the member's language, names the post and
its community with an excerpt, threads with the post's other e-mails in mail clients
(`Message-ID`, `In-Reply-To`, `References`), and carries a one-click unsubscribe (RFC 8058:
`List-Unsubscribe` with a signed link, `List-Unsubscribe-Post`). A 5xx from the mail server
for an address stops all mail to it (`Suppression`) and its member is told on their next
visit.
"""

from __future__ import annotations

import logging
import math
import secrets
import smtplib
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from agora.core.clock import now

from .. import selectors, tokens
from ..models import Frequency, OutgoingEmail, Suppression
from . import inbound

log = logging.getLogger(__name__)

BATCH = 200
SUMMARY_AFTER = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
EXCERPT_CHARS = 400
SENDING = "sending"


CLAIM_STALE = timedelta(minutes=10)
# Tasks queued for a large send, so that several workers share it.
MAX_SENDERS = 8


def send_due(*, batch: int = BATCH) -> dict[str, int]:
    """Every e-mail whose wait is over: sent alone, moved to a summary, or dropped. Several
    workers may run it at once: each claims its own batches."""
    _release_stale_claims()
    outcome = defaultdict(int)
    while True:
        rows = _claim(batch)
        if not rows:
            break
        with get_connection() as connection:
            for reason, count in _send_batch(rows, connection).items():
                outcome[reason] += count
    return dict(outcome)


def _claim(batch: int) -> list[OutgoingEmail]:
    """Take due rows for this round: a compare-and-set marks them "sending" with this round's
    own token, so two workers never read back each other's rows, nor send one twice."""
    token = secrets.token_hex(6)
    moment = now()
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.filter(
                due_at__lte=moment, sent_at__isnull=True, dropped="", in_summary=""
            )
            .order_by("due_at", "id")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return []
        OutgoingEmail.objects.filter(
            pk__in=ids, dropped="", sent_at__isnull=True, in_summary=""
        ).update(dropped=SENDING, claim=token, due_at=moment)
    return list(
        OutgoingEmail.objects.filter(claim=token, dropped=SENDING)
        .select_related("user", "community", "actor", "post", "comment")
        .order_by("due_at", "id")
    )


def wake_senders() -> int:
    """The sweep: when e-mails are due (a lost wake-up, a worker that was down), queue tasks
    to send them, rather than sending in the sweeps' thread — a large send would hold up
    every other sweep (publishing, deadlines) for as long as it lasts."""
    due = OutgoingEmail.objects.filter(
        due_at__lte=now(), sent_at__isnull=True, dropped="", in_summary=""
    ).count()
    senders = min(MAX_SENDERS, math.ceil(due / BATCH))
    for _ in range(senders):
        _tasks()[0].enqueue()
    return senders


def wake_summaries() -> int:
    """The sweep: the summaries are written by a task, not in the sweeps' thread."""
    _tasks()[1].enqueue()
    return 1


def _tasks():
    """(send_due_emails, send_email_summaries): the deadline idiom, the task module imports
    these services."""
    from ..tasks import send_due_emails, send_email_summaries

    return send_due_emails, send_email_summaries


def _release_stale_claims() -> int:
    """Rows a worker claimed and never finished (it was killed): due again. (A row it had
    handed over without recording it may go twice; better than never.)"""
    return OutgoingEmail.objects.filter(dropped=SENDING, due_at__lt=now() - CLAIM_STALE).update(
        dropped="", claim=""
    )


def _send_batch(rows: list[OutgoingEmail], connection) -> dict[str, int]:
    """Decide and send a claimed batch, reading the members' choices, refused addresses and
    what they read in the app once for the batch; outcomes are written per kind at the end
    (and for what was done, even when a temporary SMTP failure stops the batch)."""
    choices = selectors.choices_of(row.user_id for row in rows)
    refused = selectors.refused_among(row.user.email for row in rows)
    read = selectors.read_in_app(rows)
    done: dict[str, list[int]] = defaultdict(list)
    try:
        for row in rows:
            reason = _decide(row, choices, refused, read)
            if reason == "send":
                reason = "sent" if _deliver(_single(row), row.user, connection) else "refused"
                if reason == "refused":
                    refused.add(row.user.email.lower())
            done[reason].append(row.pk)
    finally:
        _record(done)
    counts: dict[str, int] = defaultdict(int)
    for reason, ids in done.items():
        counts[reason.split(":", 1)[0]] += len(ids)  # "summary:daily" counts as "summary"
    return dict(counts)


def _decide(row, choices, refused, read) -> str:
    frequency = selectors.chosen_frequency(choices, row.user_id, row.community_id, row.kind)
    if frequency == Frequency.NEVER:
        return "unsubscribed"
    if (row.user_id, row.kind, row.post_id, row.comment_id) in read:
        return "read"
    if row.user.email.lower() in refused:
        return "refused"
    if frequency in SUMMARY_AFTER:
        return f"summary:{frequency}"
    return "send"


def _record(done: dict[str, list[int]]) -> None:
    moment = now()
    for reason, ids in done.items():
        rows = OutgoingEmail.objects.filter(pk__in=ids)
        if reason == "sent":
            rows.update(sent_at=moment, dropped="", claim="")
        elif reason.startswith("summary:"):
            rows.update(in_summary=reason.split(":", 1)[1], dropped="", claim="")
        else:
            rows.update(dropped=reason, claim="")


def _drop(row, reason: str) -> str:
    OutgoingEmail.objects.filter(pk=row.pk).update(dropped=reason)
    return reason


def _already_read(row: OutgoingEmail) -> bool:
    """The member saw it in the app (its notification is read): the e-mail would repeat it."""
    return (row.user_id, row.kind, row.post_id, row.comment_id) in selectors.read_in_app([row])


def _deliver(message, user, connection) -> bool:
    """Hand the message over; a permanent refusal (5xx) stops mail to that address."""
    message.connection = connection
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        code, reason = next(iter(error.recipients.values()), (550, b""))
        if code >= 500:
            _suppress(user.email, code, reason)
            return False
        raise  # 4xx: temporary, the task is retried
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            _suppress(user.email, error.smtp_code, error.smtp_error)
            return False
        raise
    return True


def _suppress(address: str, code: int, reason) -> None:
    text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    Suppression.objects.get_or_create(
        email=address.lower(), defaults={"reason": f"{code} {text}"[:300], "created_at": now()}
    )
    log.info("mail to %s refused (%s): no more mail to it", address, code)


# --- building the messages -----------------------------------------------------------------


def _domain() -> str:
    return settings.BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0] or "agora"


def _thread_id(row) -> str:
    return f"<agora.post.{row.post_id}@{_domain()}>"


def _unsubscribe_url(row) -> str:
    token = tokens.make(row.user_id, row.kind, row.community_id)
    return settings.BASE_URL + reverse("notify:unsubscribe", args=[token])


def _link(row) -> str:
    if row.url:
        return settings.BASE_URL + row.url
    if row.post_id is None:
        return settings.BASE_URL + reverse("communities:detail", args=[row.community.slug])
    url = reverse("conversations:post", args=[row.community.slug, row.post_id])
    anchor = f"#comment-{row.comment_id}" if row.comment_id else ""
    return settings.BASE_URL + url + anchor


def _item(row) -> dict:
    """What one event says: who, what, where, an excerpt and the link."""
    post = row.post
    title = row.title
    excerpt = ""
    if post is not None:
        title = post.title or Truncator(" ".join(post.body.split())).words(8, truncate="…")
        text = row.comment.body if row.comment is not None else post.body
        excerpt = Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)
    return {
        "kind": row.kind,
        "actor": row.actor.display_name if row.actor else "",
        "title": title,
        "excerpt": excerpt,
        "community": row.community.name,
        "url": _link(row),
        "deadline": row.deadline,
        # A reply to this e-mail becomes a comment (see `inbound`).
        "answerable": post is not None,
    }


def _language(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def _compose(user, template: str, context: dict, unsubscribe_url: str, message_id: str,
             thread: str = "", reply_to: str = "") -> EmailMultiAlternatives:  # fmt: skip
    """The e-mail `template` (`_subject.txt`, `.txt`, `.html`) in the member's language, with
    its one-click stop (RFC 8058) and, for a post's e-mail, its thread."""
    context = context | {
        "user": user,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": settings.BASE_URL + reverse("notify:preferences"),
    }
    with translation.override(_language(user)):
        subject = render_to_string(f"notify/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"notify/email/{template}.txt", context)
        html = render_to_string(f"notify/email/{template}.html", context)
    headers = {
        "Message-ID": f"<agora.{message_id}@{_domain()}>",
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    if thread:
        headers["In-Reply-To"] = headers["References"] = thread
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], headers=headers,
        reply_to=[reply_to] if reply_to else None,
    )  # fmt: skip
    message.attach_alternative(html, "text/html")
    return message


def _single(row: OutgoingEmail) -> EmailMultiAlternatives:
    with translation.override(_language(row.user)):
        item = _item(row)
    reply_to = inbound.reply_to(row)
    return _compose(
        row.user,
        "single",
        {"item": item, "reply_by_email": bool(reply_to)},
        _unsubscribe_url(row),
        f"email.{row.pk}",
        thread=_thread_id(row) if row.post_id is not None else "",
        reply_to=reply_to,
    )


# --- summaries -----------------------------------------------------------------------------


def send_summaries() -> dict[str, int]:
    """One summary per member and frequency whose oldest waiting item is a day (a week) old:
    everything waiting, grouped by community and thread, minus what was read meanwhile."""
    outcome = defaultdict(int)
    moment = now()
    for frequency, period in SUMMARY_AFTER.items():
        waiting = (
            OutgoingEmail.objects.filter(in_summary=frequency, sent_at__isnull=True, dropped="")
            .values("user_id")
            .annotate(oldest=Min("created_at"))
            .filter(oldest__lte=moment - period)
        )
        user_ids = [row["user_id"] for row in waiting]
        if not user_ids:
            continue
        with get_connection() as connection:
            for user_id in user_ids:
                outcome[_summary_for(user_id, frequency, connection)] += 1
    return dict(outcome)


def _summary_for(user_id: int, frequency: str, connection) -> str:
    with transaction.atomic():
        rows = list(
            OutgoingEmail.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, in_summary=frequency, sent_at__isnull=True, dropped="")
            .select_related("user", "community", "actor", "post", "comment")
            .order_by("community_id", "post_id", "created_at")
        )
        if not rows:
            return "empty"
        user = rows[0].user
        kept = []
        for row in rows:
            if selectors.frequency_for(user, row.community_id, row.kind) == Frequency.NEVER:
                _drop(row, "unsubscribed")
            elif _already_read(row):
                _drop(row, "read")
            else:
                kept.append(row)
        if not kept:
            return "nothing left"
        if selectors.is_refused(user.email):
            for row in kept:
                _drop(row, "refused")
            return "refused"
        message = _summary(user, frequency, kept)
        if not _deliver(message, user, connection):
            for row in kept:
                _drop(row, "refused")
            return "refused"
        OutgoingEmail.objects.filter(pk__in=[row.pk for row in kept]).update(sent_at=now())
    return "sent"


def _summary(user, frequency: str, rows) -> EmailMultiAlternatives:
    communities: dict[str, list] = defaultdict(list)
    with translation.override(_language(user)):
        for row in rows:
            communities[row.community.name].append(_item(row))
    context = {"frequency": frequency, "communities": dict(communities), "count": len(rows)}
    stop_all = tokens.make(user.pk, tokens.ALL, None)
    unsubscribe_url = settings.BASE_URL + reverse("notify:unsubscribe", args=[stop_all])
    return _compose(user, "summary", context, unsubscribe_url, f"summary.{rows[0].pk}")
