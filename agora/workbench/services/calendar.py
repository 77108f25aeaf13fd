"""The editorial calendar: planned statuses from draft to scheduled.

Every change locks the row (PostgreSQL) and checks its state inside the transaction, so an
edit never races the worker that publishes it: once published, a status is out of the
calendar's hands (409).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.permissions import check_can_steward
from agora.conversations import services as conversations
from agora.conversations.services import POST_BODY_MAX, POST_TITLE_MAX
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from agora.media.models import Purpose
from agora.media.services import images as media_services

from .. import selectors
from ..models import Objective, PlannedImage, PlannedState, PlannedStatus
from . import publishing

EDITABLE = (PlannedState.DRAFT, PlannedState.READY, PlannedState.SCHEDULED, PlannedState.FAILED)


def _clean(*, community, title, body, objective_id, pillar) -> dict:
    title = (title or "").strip()
    body = (body or "").replace("\x00", "").strip()
    errors = {}
    if len(title) > POST_TITLE_MAX:
        errors["title"] = [_("At most %(n)d characters.") % {"n": POST_TITLE_MAX}]
    if len(body) > POST_BODY_MAX:
        errors["body"] = [_("At most %(n)d characters.") % {"n": POST_BODY_MAX}]
    objective, pillar = check_planning(community, objective_id, pillar, errors)
    if errors:
        raise InvalidInput(_("Please correct the fields below."), errors=errors)
    return {"title": title, "body": body, "objective": objective, "pillar": pillar}


def check_planning(community, objective_id, pillar, errors: dict):
    """The objective (one of this community's) and the content pillar (one of its list) a
    planned status or a ritual serves; problems go into `errors` by field."""
    objective = None
    if objective_id:
        objective = Objective.objects.filter(community=community, pk=objective_id).first()
        if objective is None:
            errors["objective"] = [_("Choose one of this community's objectives.")]
    pillar = (pillar or "").strip()
    if pillar and pillar not in selectors.settings_of(community).pillars:
        errors["pillar"] = [_("Choose one of the community's content pillars.")]
    return objective, pillar


def _locked(planned: PlannedStatus, by) -> PlannedStatus:
    """The row again, locked, after checking that `by` may change it."""
    check_can_steward(by, planned.community)
    row = (
        PlannedStatus.objects.select_for_update()
        .select_related("community")
        .filter(pk=planned.pk)
        .first()
    )
    if row is None:
        raise NotFound()
    if row.state not in EDITABLE:
        raise Conflict(_("This status is already published; edit the post itself."))
    return row


@transaction.atomic
def plan_status(
    *,
    community,
    by,
    title: str = "",
    body: str = "",
    publish_at: datetime | None = None,
    objective_id: int | None = None,
    pillar: str = "",
    images=None,
) -> PlannedStatus:
    """A new draft in the calendar (a time is optional until it is scheduled), with up to
    10 images ([(key, description)], uploaded first like a post's)."""
    check_can_steward(by, community)
    fields = _clean(
        community=community, title=title, body=body, objective_id=objective_id, pillar=pillar
    )
    staged = _checked_images(community, by, images, planned=None)
    moment = now()
    row = PlannedStatus.objects.create(
        community=community,
        author=by,
        publish_at=publish_at,
        created_at=moment,
        updated_at=moment,
        **fields,
    )
    _keep_images(row, staged)
    return row


def _checked_images(community, by, images, *, planned: PlannedStatus | None):
    """The images asked for, checked as publishing will check them: `by`'s new uploads, and
    those the status already holds (whichever steward added them). None: unchanged."""
    if images is None:
        return None
    kept = [] if planned is None else [held.image for held in planned.images.all()]
    return conversations.check_images(community=community, author=by, images=images, kept=kept)


def _keep_images(row: PlannedStatus, staged) -> bool:
    """The status holds exactly `staged`, in order; an image taken out is deleted (it was
    never published). True if anything changed."""
    if staged is None:
        return False
    before = [(held.image_id, held.alt) for held in row.images.all()]
    if before == [(image.pk, alt) for image, alt in staged]:
        return False
    chosen = {image.pk for image, _alt in staged}
    dropped = [held.image for held in row.images.all() if held.image_id not in chosen]
    row.images.all().delete()
    PlannedImage.objects.bulk_create(
        [
            PlannedImage(planned=row, image=image, position=position, alt=alt)
            for position, (image, alt) in enumerate(staged)
        ]
    )
    media_services.repurpose_images([image for image, _alt in staged], Purpose.STATUS)
    media_services.delete_images(dropped)
    return True


def _after_text_change(row: PlannedStatus) -> None:
    """A changed text needs a fresh approval where the community asks for one."""
    if row.approved_by_id and selectors.settings_of(row.community).approval_required:
        row.approved_by = None
        row.approved_at = None
        if row.state == PlannedState.SCHEDULED:
            row.state = PlannedState.READY


@transaction.atomic
def edit_planned_status(
    *,
    planned: PlannedStatus,
    by,
    title: str = "",
    body: str = "",
    publish_at: datetime | None = None,
    objective_id: int | None = None,
    pillar: str = "",
    images=None,
) -> PlannedStatus:
    """Change a planned status before it is published; `images` as for `plan_status`
    (None leaves them as they are)."""
    row = _locked(planned, by)
    fields = _clean(
        community=row.community, title=title, body=body, objective_id=objective_id, pillar=pillar
    )
    staged = _checked_images(row.community, by, images, planned=row)
    text_changed = (fields["title"], fields["body"]) != (row.title, row.body)
    for name, value in fields.items():
        setattr(row, name, value)
    if _keep_images(row, staged) or text_changed:
        _after_text_change(row)
    if row.state == PlannedState.SCHEDULED:
        _check_time(publish_at)
    row.publish_at = publish_at
    if row.state == PlannedState.FAILED:
        row.state = PlannedState.DRAFT
        row.failure_reason = ""
    row.updated_at = now()
    row.save()
    if row.state == PlannedState.SCHEDULED:
        publishing.wake_at(row.publish_at)
    return row


def _require_text(row: PlannedStatus, message: str) -> None:
    if not row.body:
        raise InvalidInput(message, errors={"body": [_("The text is empty.")]})


def _check_time(publish_at: datetime | None) -> None:
    if publish_at is None:
        raise InvalidInput(
            _("Choose a day and time to publish it."),
            errors={"publish_at": [_("A scheduled status needs a day and time.")]},
        )
    if publish_at <= now():
        raise InvalidInput(
            _("That time has passed: choose a time in the future."),
            errors={"publish_at": [_("Choose a time in the future.")]},
        )


@transaction.atomic
def move_planned_status(*, planned: PlannedStatus, by, publish_at: datetime) -> PlannedStatus:
    """Another day or time, keeping the state (a scheduled status stays scheduled)."""
    row = _locked(planned, by)
    if row.state == PlannedState.SCHEDULED:
        _check_time(publish_at)
    row.publish_at = publish_at
    row.updated_at = now()
    row.save(update_fields=["publish_at", "updated_at"])
    if row.state == PlannedState.SCHEDULED:
        publishing.wake_at(row.publish_at)
    return row


@transaction.atomic
def mark_ready(*, planned: PlannedStatus, by) -> PlannedStatus:
    row = _locked(planned, by)
    if row.state not in (PlannedState.DRAFT, PlannedState.FAILED):
        raise Conflict(_("Only a draft or a status that failed can be marked ready."))
    _require_text(row, _("Write the text before marking it ready."))
    row.state = PlannedState.READY
    row.failure_reason = ""
    row.updated_at = now()
    row.save(update_fields=["state", "failure_reason", "updated_at"])
    return row


@transaction.atomic
def approve(*, planned: PlannedStatus, by) -> PlannedStatus:
    """A second steward's approval; nobody approves their own status."""
    row = _locked(planned, by)
    if row.author_id == by.pk:
        raise NotAllowed(_("Another steward approves your status; nobody approves their own."))
    if row.state != PlannedState.READY:
        raise Conflict(_("Only a status marked ready can be approved."))
    row.approved_by = by
    row.approved_at = now()
    row.updated_at = row.approved_at
    row.save(update_fields=["approved_by", "approved_at", "updated_at"])
    return row


@transaction.atomic
def schedule(*, planned: PlannedStatus, by) -> PlannedStatus:
    """Hand the status to the worker, which publishes it at its time."""
    row = _locked(planned, by)
    if row.state not in (PlannedState.DRAFT, PlannedState.READY):
        raise Conflict(_("Only a draft or a ready status can be scheduled."))
    _require_text(row, _("Write the text before scheduling it."))
    _check_time(row.publish_at)
    if selectors.settings_of(row.community).approval_required and row.approved_by_id is None:
        raise Conflict(
            _("This community asks another steward to approve each status before it is scheduled.")
        )
    # Refuse now what would fail at publishing time (mandate, consent, foundations, an
    # image that could not be prepared or a description the community requires).
    conversations.check_can_publish_status(row.author, row.community)
    held = [(h.image, h.alt) for h in row.images.select_related("image")]
    if held:
        conversations.check_images(
            community=row.community,
            author=row.author,
            images=[(image.key, alt) for image, alt in held],
            kept=[image for image, _alt in held],
        )
    row.state = PlannedState.SCHEDULED
    row.failure_reason = ""
    row.updated_at = now()
    row.save(update_fields=["state", "failure_reason", "updated_at"])
    publishing.wake_at(row.publish_at)
    return row


@transaction.atomic
def unschedule(*, planned: PlannedStatus, by) -> PlannedStatus:
    row = _locked(planned, by)
    if row.state != PlannedState.SCHEDULED:
        raise Conflict(_("This status is not scheduled."))
    row.state = PlannedState.READY
    row.updated_at = now()
    row.save(update_fields=["state", "updated_at"])
    return row


@transaction.atomic
def delete_planned_status(*, planned: PlannedStatus, by) -> None:
    row = _locked(planned, by)
    images = [held.image for held in row.images.select_related("image")]
    row.delete()
    media_services.delete_images(images)  # never published: nobody else holds them
