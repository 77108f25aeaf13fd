"""Stewardship mandates: granted to a community's founder at its creation, by the operator
(`agora createsteward`) or by the members' vote (governance); ended by a vote, laid down
by their holder, or at their end date.

Every change is a public act. The service that changes a mandate announces it with the
`mandate_changed` signal inside its own transaction, and the journal (moderation, which
communities may not import) records it there: no path skips the journal, and a journal that
cannot be written rolls the change back. A mandate's end date is met by a task deferred to
that moment (`schedule_mandate_end`) and, should the wake-up be lost, by the worker's sweep
(`record_ended_mandates`); `end_recorded_at` makes sure the end is announced once.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from agora.core import deferred
from agora.core.clock import now
from agora.core.errors import Conflict, InvalidInput, NotAllowed

from .. import selectors
from ..models import Community, Membership, StewardMandate
from ..signals import mandate_changed

GRANTED, ENDED = "granted", "ended"


def _announce(mandate: StewardMandate, change: str) -> None:
    mandate_changed.send(sender=StewardMandate, mandate=mandate, change=change)


def schedule_mandate_end(mandate: StewardMandate) -> None:
    """Record the mandate's end at its end date through the task worker (after commit).

    The deadline idiom: the task calls `record_mandate_end` back, so its import waits for
    the call.
    """
    from ..tasks import record_mandate_end as task

    deferred.enqueue_at(task, mandate.ends_at, mandate_id=mandate.pk)


def start_mandate(*, community, user, reason: str, starts_at=None, ends_at=None):
    """A mandate from now (or `starts_at`), announced; its end scheduled when it has one.
    For the services that decided it (community creation, `grant_stewardship`)."""
    mandate = StewardMandate.objects.create(
        community=community,
        user=user,
        starts_at=starts_at or now(),
        ends_at=ends_at,
        reason=reason,
    )
    selectors.forget_access(user)
    _announce(mandate, GRANTED)
    if ends_at is not None:
        schedule_mandate_end(mandate)
    return mandate


@transaction.atomic
def grant_stewardship(*, community, user, reason: str, ends_at=None) -> StewardMandate:
    """Give a member a stewardship mandate, optionally until a date: at set-up (the operator's
    `createsteward`) or after the members' vote (governance)."""
    if not reason.strip() or len(reason) > 200:
        raise InvalidInput(_("Give the reason for the mandate in 1 to 200 characters."))
    if not selectors.is_member(user, community):
        Membership.objects.create(community=community, user=user, joined_at=now())
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    if selectors.is_steward(user, community):
        raise Conflict(_("This member is already a steward."))
    if ends_at is not None and ends_at <= now():
        raise InvalidInput(_("A mandate's end date must be in the future."))
    return start_mandate(community=community, user=user, reason=reason, ends_at=ends_at)


@transaction.atomic
def end_mandate(*, mandate) -> StewardMandate:
    """End a mandate now (revoked by vote, or laid down by its holder): its powers end on the
    holder's very next request, since every request reads the mandate afresh."""
    moment = now()
    in_force = StewardMandate.objects.filter(pk=mandate.pk, starts_at__lte=moment).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )
    if in_force.update(ends_at=moment, end_recorded_at=moment) != 1:
        raise Conflict(_("This mandate has already ended."))
    mandate.refresh_from_db()
    selectors.forget_access(mandate.user)
    _announce(mandate, ENDED)
    return mandate


@transaction.atomic
def lay_down_mandate(*, mandate, by) -> StewardMandate:
    """The holder gives their mandate back, at once."""
    if mandate.user_id != by.pk:
        raise NotAllowed(_("Only its holder can lay down a mandate."))
    return end_mandate(mandate=mandate)


@transaction.atomic
def record_mandate_end(*, mandate) -> bool:
    """A mandate that reached its end date is announced as ended, once (a compare-and-set
    on `end_recorded_at`). Returns whether this call announced it."""
    moment = now()
    claimed = StewardMandate.objects.filter(
        pk=mandate.pk, ends_at__lte=moment, end_recorded_at__isnull=True
    ).update(end_recorded_at=moment)
    if not claimed:
        return False
    mandate = StewardMandate.objects.select_related("user", "community").get(pk=mandate.pk)
    _announce(mandate, ENDED)
    return True


def record_ended_mandates() -> dict[str, int]:
    """The sweep behind the end-date tasks: every mandate past its end, not yet announced."""
    due = StewardMandate.objects.filter(ends_at__lte=now(), end_recorded_at__isnull=True)
    return deferred.sweep(
        due.values_list("pk", flat=True),
        lambda pk: "recorded" if record_mandate_end(mandate=StewardMandate(pk=pk)) else "skipped",
    )
