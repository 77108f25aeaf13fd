"""Scheduled publishing: exactly one post per scheduled status, whatever happens to workers.

The planned status row is the source of truth. A worker takes a batch of due rows (on
PostgreSQL with `SKIP LOCKED`, so two workers take different rows; SQLite lets one writer
at a time), and for each one, in the same transaction: a compare-and-set from `scheduled`
to `published`, the post, and the link to it. A worker killed in the middle leaves an
uncommitted transaction, which the database rolls back: the row is `scheduled` again and
the next sweep publishes it. A retry, a second worker or a second wake-up finds the row
already `published` and does nothing. `post` is unique on the row: one status, one post.

A status whose author has lost their mandate, has not consented to a new charter version,
or whose text the charter's rules now reject, fails with the reason instead, and its author
is told by e-mail.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agora.communities.permissions import can_steward
from agora.conversations import services as conversations
from agora.core import mail
from agora.core.clock import now
from agora.core.deferred import enqueue_at
from agora.core.errors import AgoraError, NotAllowed

from ..models import PlannedState, PlannedStatus, PublishWakeup

log = logging.getLogger(__name__)
BATCH = 50


def wake_at(moment: datetime) -> None:
    """Ask the worker to wake at `moment`: one task per distinct second, after commit."""
    from ..tasks import publish_due_statuses

    # Rounded up: a wake-up before the moment would find nothing due yet.
    second = moment.replace(microsecond=0)
    if moment.microsecond:
        second += timedelta(seconds=1)
    try:
        with transaction.atomic():
            PublishWakeup.objects.create(at=second)
    except IntegrityError:
        return  # a wake-up for that second is already planned
    enqueue_at(publish_due_statuses, second)


def publish_due(*, batch: int = BATCH) -> dict[str, int]:
    """Publish every scheduled status whose time has come; safe in any number of workers."""
    totals = {"published": 0, "failed": 0}
    while True:
        outcome = _publish_batch(batch)
        if not outcome["taken"]:
            break
        totals["published"] += outcome["published"]
        totals["failed"] += outcome["failed"]
    PublishWakeup.objects.filter(at__lt=now() - timedelta(days=1)).delete()
    return totals


def _publish_batch(size: int) -> dict[str, int]:
    moment = now()
    outcome = {"taken": 0, "published": 0, "failed": 0}
    with transaction.atomic():
        due = PlannedStatus.objects.filter(
            state=PlannedState.SCHEDULED, publish_at__lte=moment
        ).order_by("publish_at", "id")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due.select_related("community", "author")[:size])
        checked: dict[tuple[int, int], AgoraError | None] = {}
        for row in rows:
            outcome["taken"] += 1
            key = (row.community_id, row.author_id)
            with translation.override(row.author.language or settings.LANGUAGE_CODE):
                if key not in checked:
                    checked[key] = _check(row)
                result = _publish(row, refused=checked[key])
            if result:
                outcome[result] += 1
    return outcome


def _check(row: PlannedStatus) -> AgoraError | None:
    """Mandate, consent and foundations, once per author and community in a batch."""
    if not can_steward(row.author, row.community):
        return NotAllowed(
            _(
                "Its author no longer holds a stewardship mandate, and only stewards publish "
                "in the community's voice. Another steward can publish it."
            )
        )
    try:
        conversations.check_can_publish_status(row.author, row.community)
    except AgoraError as error:
        return error
    return None


def _publish(row: PlannedStatus, *, refused: AgoraError | None) -> str | None:
    moment = now()
    claimed = PlannedStatus.objects.filter(pk=row.pk, state=PlannedState.SCHEDULED).update(
        state=PlannedState.PUBLISHED, published_at=moment, updated_at=moment
    )
    if claimed != 1:
        return None  # published, moved or failed by someone else meanwhile
    row.refresh_from_db(fields=["title", "body", "publish_at", "author"])
    error = refused
    if error is None:
        try:
            with transaction.atomic():
                post = conversations.publish_status(
                    community=row.community, by=row.author, title=row.title, body=row.body
                )
        except AgoraError as refusal:
            error = refusal
    if error is not None:
        _fail(row, error, moment)
        return "failed"
    PlannedStatus.objects.filter(pk=row.pk).update(
        post=post,
        published_at=post.created_at,
        lateness_seconds=(post.created_at - row.publish_at).total_seconds(),
    )
    return "published"


def _fail(row: PlannedStatus, error: AgoraError, moment: datetime) -> None:
    reason = str(error.message)[:500]
    PlannedStatus.objects.filter(pk=row.pk).update(
        state=PlannedState.FAILED, published_at=None, failure_reason=reason, updated_at=moment
    )
    log.info("planned status %s failed: %s", row.pk, reason)
    author = row.author
    link = settings.BASE_URL + reverse("workbench:calendar", args=[row.community.slug])
    context = {"user": author, "planned": row, "reason": reason, "link": link}
    with translation.override(author.language or settings.LANGUAGE_CODE):
        subject = render_to_string("workbench/email/failed_subject.txt", context).strip()
        body = render_to_string("workbench/email/failed.txt", context)
    mail.send_after_commit(to=author.email, subject=subject, body=body)
