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
from django.db.models import Case, FloatField, Value, When
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agora.communities.permissions import can_steward
from agora.conversations import services as conversations
from agora.core import mail
from agora.core.clock import now
from agora.core.deferred import enqueue_at
from agora.core.errors import AgoraError, NotAllowed

from ..models import PlannedState, PlannedStatus, PublishWakeup

log = logging.getLogger(__name__)
BATCH = 100
UNEXPECTED = gettext_lazy(
    "Something unexpected went wrong while publishing it, so it was not published. Schedule "
    "it again, or publish it by hand; if it fails again, tell the people who run Agora."
)
WAKE_TASKS = 2


def wake_at(moment: datetime) -> None:
    """Ask the worker to wake at `moment`: one task per distinct second, after commit.

    The deadline idiom: the task calls `publish_due` back, so its import waits for the call.
    """
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
    # Two tasks, so that two workers start draining at once (each takes other rows).
    for _n in range(WAKE_TASKS):
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
        # The ids first, by the partial index on due rows, without joins (a join would make
        # PostgreSQL sort every due row to lock 50); then the rows with what they need.
        due = PlannedStatus.objects.filter(
            state=PlannedState.SCHEDULED, publish_at__lte=moment
        ).order_by("publish_at")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        rows = list(
            PlannedStatus.objects.filter(pk__in=ids)
            .select_related("community", "author")
            .prefetch_related("images__image")
            .order_by("publish_at", "id")
        )
        outcome["taken"] = len(rows)
        groups: dict[tuple[int, int], list[PlannedStatus]] = {}
        for row in rows:
            groups.setdefault((row.community_id, row.author_id), []).append(row)
        visible: dict[int, int] = {}
        for group in groups.values():
            author = group[0].author
            with translation.override(author.language or settings.LANGUAGE_CODE):
                for result, post in _publish_isolated(group):
                    outcome[result] += 1
                    if post is not None and post.moderation_state == "visible":
                        visible[post.community_id] = visible.get(post.community_id, 0) + 1
        # Last, so the community rows stay locked for an instant before the commit.
        for community_id, count in sorted(visible.items()):
            conversations.count_posts(community_id=community_id, visible=count)
    return outcome


def _check(row: PlannedStatus) -> AgoraError | None:
    """The author must still hold a mandate (the clearest reason first); consent and the
    community's foundations are checked by `publish_statuses`."""
    if not can_steward(row.author, row.community):
        return NotAllowed(
            _(
                "Its author no longer holds a stewardship mandate, and only stewards publish "
                "in the community's voice. Another steward can publish it."
            )
        )
    return None


def _fail_all(rows: list[PlannedStatus], error: AgoraError) -> list[tuple[str, None]]:
    return [("failed", None) for row in rows if _fail(row, error, now())]


def _publish_isolated(rows: list[PlannedStatus]) -> list[tuple[str, object]]:
    """`_publish_group` in a savepoint. Should something unexpected go wrong (a bug, not a
    refusal), the group's writes are undone and its statuses published one by one, so the
    one that fails fails alone — with a generic reason, logged with its traceback, and its
    author told — and the rest of the batch publishes: the sweep never retries a poisoned
    batch forever."""
    try:
        with transaction.atomic():
            return _publish_group(rows)
    except Exception:  # noqa: BLE001 - anything unexpected: isolate it, never lose the batch
        if len(rows) > 1:
            return [result for row in rows for result in _publish_isolated([row])]
        row = rows[0]
        log.exception("planned status %s failed unexpectedly while publishing", row.pk)
        failed = _fail(row, AgoraError(UNEXPECTED), now())
        return [("failed", None)] if failed else []


def _publish_group(rows: list[PlannedStatus]) -> list[tuple[str, object]]:
    """One author's due statuses in one community, published together (in the batch's
    transaction); each becomes `published` with its post, or `failed` with the reason."""
    first = rows[0]
    refused = _check(first)
    if refused is not None:
        return _fail_all(rows, refused)
    try:
        posts = conversations.publish_statuses(
            community=first.community,
            by=first.author,
            items=[(r.title, r.body, _images_of(r)) for r in rows],
        )
    except AgoraError as error:  # consent to a new charter, foundations
        return _fail_all(rows, error)
    results = []
    published = []
    for row, post in zip(rows, posts, strict=True):
        if isinstance(post, AgoraError):
            if _fail(row, post, now()):
                results.append(("failed", None))
            continue
        published.append((row, post))
        results.append(("published", post))
    _mark_published(published)
    return results


def _images_of(row: PlannedStatus) -> list:
    return [(held.image, held.alt) for held in row.images.all()]


def _mark_published(published: list[tuple[PlannedStatus, object]]) -> None:
    """One compare-and-set for the batch: every row still `scheduled` becomes `published`
    with its post. The rows are ours (locked, or SQLite's single writer); if one changed
    anyway, the whole batch is rolled back and the next sweep starts again."""
    if not published:
        return
    ids = [row.pk for row, _post in published]
    moment = published[0][1].created_at
    changed = PlannedStatus.objects.filter(pk__in=ids, state=PlannedState.SCHEDULED).update(
        state=PlannedState.PUBLISHED,
        published_at=moment,
        updated_at=moment,
        post=Case(*[When(pk=row.pk, then=Value(post.pk)) for row, post in published]),
        lateness_seconds=Case(
            *[
                When(pk=row.pk, then=Value((moment - row.publish_at).total_seconds()))
                for row, _post in published
            ],
            output_field=FloatField(),
        ),
    )
    if changed != len(ids):
        raise RuntimeError("planned statuses changed while they were being published")


def _fail(row: PlannedStatus, error: AgoraError, moment: datetime) -> bool:
    reason = str(error.message)[:500]
    failed = PlannedStatus.objects.filter(pk=row.pk, state=PlannedState.SCHEDULED).update(
        state=PlannedState.FAILED, published_at=None, failure_reason=reason, updated_at=moment
    )
    if not failed:
        return False
    log.info("planned status %s failed: %s", row.pk, reason)
    author = row.author
    link = settings.BASE_URL + reverse("workbench:calendar", args=[row.community.slug])
    context = {"user": author, "planned": row, "reason": reason, "link": link}
    mail.send_templated(recipient=author, template="workbench/email/failed", context=context)
    return True
