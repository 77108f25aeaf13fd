"""Queueing e-mail: one row per member and event, inside the transaction that decided it."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import translation

from agora.core import deferred
from agora.core.clock import now

from ..models import EmailKind, OutgoingEmail
from . import sending

# Conversations' notification kinds, as the e-mail kinds members choose from.
FROM_NOTIFICATION = {"reply": EmailKind.REPLY, "mention": EmailKind.MENTION,
                     "accepted": EmailKind.ACCEPTED}  # fmt: skip


def wait() -> timedelta:
    """How long an immediate e-mail waits, so that what the member reads in the app meanwhile
    is not sent (`AGORA_EMAIL_WAIT_SECONDS`)."""
    return timedelta(seconds=settings.AGORA_EMAIL_WAIT_SECONDS)


def queue(*, recipients, kind, actor, community, post=None, comment=None) -> int:
    """An e-mail for each recipient, due after the wait; its kind and community decide later
    (when it is due) whether it goes alone, in a summary or not at all. Once per event."""
    kind = FROM_NOTIFICATION.get(kind, kind)
    moment = now()
    return _store(
        [
            _new(
                user,
                moment,
                kind=kind,
                community=community,
                actor=actor,
                post=post,
                comment=comment,
            )
            for user in recipients
            if user.email
        ],
        moment,
    )


def queue_topic(*, recipients, kind, community, topic: str, title, url: str, actor=None,
                deadline=None) -> int:  # fmt: skip
    """An e-mail about something the apps above conversations tell of (a jury seat, a vote
    opening, a notice): `topic` is its stable key (once per member), `title` a callable of
    the member that returns what it is called in their language, `url` the path to it."""
    moment = now()
    rows = []
    for user in recipients:
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text = str(title(user) if callable(title) else title)[:300]
        rows.append(
            _new(
                user,
                moment,
                kind=kind,
                community=community,
                actor=actor,
                topic=topic,
                title=text,
                url=url,
                deadline=deadline,
            )
        )
    return _store(rows, moment)


def _new(user, moment, **fields) -> OutgoingEmail:
    return OutgoingEmail(user=user, created_at=moment, due_at=moment + wait(), **fields)


def _store(rows: list[OutgoingEmail], moment) -> int:
    """Write them (once per event: a repeat is ignored) and wake the senders for their
    moment."""
    count = len(OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))
    _wake_senders(count, moment + wait())
    return count


def _wake_senders(count: int, when) -> None:
    """Send them at their moment rather than at the next sweep: tasks deferred to it (after
    commit), one per batch up to a few, so that a large send is shared by the workers; each
    sends whatever is due. The sweep (`sending.wake_senders`) catches a lost wake-up."""
    if not count:
        return
    from ..tasks import send_due_emails  # the task module imports the services

    for _ in range(min(sending.MAX_SENDERS, math.ceil(count / sending.BATCH))):
        deferred.enqueue_at(send_due_emails, when)
