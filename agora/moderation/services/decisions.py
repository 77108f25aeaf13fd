"""Deciding a case: a jury's majority, or the deadline (with a quorum, else fresh jurors).

A case closes exactly once whoever votes last and however many workers meet its deadline:
the case row is locked while votes are counted (PostgreSQL; SQLite serialises writers), and
the decision is a compare-and-set on the case's state. The decision then takes effect —
the item shown or hidden, the journal entry and the author's notice, a mute where the
charter sets one — in the same transaction.

At its deadline a case is closed by a task deferred to that moment (`schedule_deadline`)
and, should that wake-up be lost, by the worker's sweep (`close_due_cases`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from agora.conversations.models import Attachment, Comment, ModerationState
from agora.conversations.services import set_moderation_state
from agora.core import deferred
from agora.core.clock import now
from agora.media.models import Image

from .. import notify, selectors
from ..models import Case, CaseState, Decision, EntryKind, Juror, Mute, RemovedImage, Vote
from .draws import draw_jury
from .journal import item_kwargs, record


def schedule_deadline(case: Case) -> None:
    """Close the case at its deadline through the task worker (after commit).

    The deadline idiom: the task calls `close_if_due` back, so its import waits for the call.
    """
    from ..tasks import close_case_when_due

    deferred.enqueue_at(close_case_when_due, case.deadline, case_id=case.pk)


def lock_case(case: Case) -> Case:
    """The case again, locked for the rest of the transaction (a no-op lock on SQLite,
    where writers take turns anyway)."""
    return Case.objects.select_for_update().select_related("community").get(pk=case.pk)


def tally(case: Case) -> tuple[int, int]:
    """(keep, remove) votes cast on the case, counted from the rows."""
    counts = Vote.objects.filter(case=case).aggregate(
        keep=Count("id", filter=Q(choice=Decision.KEEP)),
        remove=Count("id", filter=Q(choice=Decision.REMOVE)),
    )
    return counts["keep"], counts["remove"]


def decide(case: Case, decision: str, keep: int, remove: int) -> bool:
    """Close the case once (compare-and-set on its state) and apply the decision; False
    when another transaction closed it first. Call with the case locked (`lock_case`)."""
    moment = now()
    changed = Case.objects.filter(pk=case.pk, state=CaseState.OPEN).update(
        state=CaseState.DECIDED,
        decision=decision,
        decided_at=moment,
        keep_votes=keep,
        remove_votes=remove,
    )
    if changed != 1:
        return False
    case.refresh_from_db()
    apply_decision(case)
    return True


def apply_decision(case: Case) -> None:
    """Show or hide the item as the jury decided; journal, notice, and any mute that follows.

    Called once per case, inside the transaction that closed it.
    """
    item = case.item
    settings = selectors.settings_of(case.community)
    removed = case.decision == Decision.REMOVE
    if case.attachment_id is not None:  # one image of the item, hidden by a steward
        was_hidden = True
        Attachment.objects.filter(pk=case.attachment_id).update(
            hidden_at=case.attachment.hidden_at or now() if removed else None
        )
        removed_images = [case.attachment.image] if removed else []
    else:
        was_hidden = item.moderation_state != ModerationState.VISIBLE
        set_moderation_state(
            item=item, state=ModerationState.HIDDEN if removed else ModerationState.VISIBLE
        )
        removed_images = list(Image.objects.filter(attachment__in=_attachments_of(item)))
    if removed:
        # Withheld from everyone but the author and reviewers (the files stay for an
        # appeal), and remembered: a near-identical re-upload is held citing this case.
        RemovedImage.objects.bulk_create(
            [
                RemovedImage(
                    community=case.community, phash=image.phash, case=case, removed_at=now()
                )
                for image in removed_images
                if image.phash
            ],
            ignore_conflicts=True,
        )
    if case.is_appeal:
        kind = EntryKind.APPEAL_REMOVED if removed else EntryKind.APPEAL_KEPT
    else:
        kind = EntryKind.REMOVED if removed else EntryKind.KEPT
    jurors = []
    if settings.journal_names_jurors:
        jurors = sorted(
            case.jurors.filter(released_at__isnull=True).values_list("user__handle", flat=True)
        )
    affected = removed or was_hidden  # a restriction, or one lifted
    entry = record(
        community=case.community,
        kind=kind,
        recipient=item.author if affected else None,
        case=case,
        article=case.article,
        facts=case.facts,
        automated=False,
        votes=(case.keep_votes, case.remove_votes),
        jury_size=case.jury_size,
        jurors=jurors,
        appeal_days=settings.appeal_days if removed and not case.is_appeal else None,
        **item_kwargs(item),
    )
    if affected:
        notify.notice_sent(entry=entry, recipient=item.author)
    if removed and not case.is_appeal:
        _mute_if_repeated(case, settings)
    if case.is_appeal and not removed:
        # Overturned: a mute this removal caused ends now.
        Mute.objects.filter(case=case.appeal_of, ends_at__gt=now()).update(ends_at=now())


def _attachments_of(item):
    if isinstance(item, Comment):
        return Attachment.objects.filter(comment=item)
    return Attachment.objects.filter(post=item, comment__isnull=True)


def _mute_if_repeated(case: Case, settings) -> None:
    if not settings.mute_after_removals:
        return
    moment = now()
    since = moment - timedelta(days=settings.mute_window_days)
    removals = selectors.removals_of(case.author, case.community, since)
    if removals < settings.mute_after_removals:
        return
    mute = Mute.objects.create(
        community=case.community,
        user=case.author,
        starts_at=moment,
        ends_at=moment + timedelta(days=settings.mute_days),
        removals=removals,
        case=case,
    )
    entry = record(
        community=case.community,
        kind=EntryKind.MUTED,
        recipient=case.author,
        case=case,
        article=case.article,
        facts=_("%(removals)d removals in %(days)d days")
        % {"removals": removals, "days": settings.mute_window_days},
        until=mute.ends_at,
    )
    notify.notice_sent(entry=entry, recipient=case.author)


@transaction.atomic
def close_if_due(*, case: Case) -> str:
    """At the deadline: decide with a quorum (a tie keeps), or replace the silent jurors.

    Returns what happened: "decided", "redrawn", "not due" or "closed".
    """
    case = lock_case(case)
    if case.state != CaseState.OPEN:
        return "closed"
    moment = now()
    if moment < case.deadline:
        return "not due"
    settings = selectors.settings_of(case.community)
    keep, remove = tally(case)
    if keep + remove >= settings.quorum:
        decide(case, Decision.REMOVE if remove > keep else Decision.KEEP, keep, remove)
        return "decided"
    voters = Vote.objects.filter(case=case).values("juror_id")
    silent = Juror.objects.filter(case=case, released_at__isnull=True).exclude(user_id__in=voters)
    replaced = silent.update(released_at=moment)
    case.round += 1
    case.deadline = moment + timedelta(hours=settings.vote_hours)
    case.save(update_fields=["round", "deadline"])
    draw_jury(case=case, size=max(replaced, settings.quorum - (keep + remove)))
    schedule_deadline(case)
    return "redrawn"


def close_due_cases() -> dict[str, int]:
    """Every open case past its deadline (the periodic sweep behind the deadline tasks)."""
    due = Case.objects.filter(state=CaseState.OPEN, deadline__lte=now()).values_list(
        "pk", flat=True
    )
    return deferred.sweep(due, lambda pk: close_if_due(case=Case(pk=pk)))
