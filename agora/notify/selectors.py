"""Reads for e-mail: what a member chose, and whether an address still takes mail."""

from __future__ import annotations

from django.db.models import Q

from agora.conversations.models import Notification

from .models import DEFAULTS, EmailPreference, Frequency, Suppression

# The e-mail kinds that repeat an in-app notification (same names in both apps).
NOTIFICATION_KINDS = ("reply", "mention", "accepted")


def frequency_for(user, community_id: int | None, kind: str) -> str:
    """The member's choice for this kind here: the community's own, else their default,
    else Agora's default."""
    mine = EmailPreference.objects.filter(user=user, kind=kind).filter(
        Q(community_id=community_id) | Q(community__isnull=True)
    )
    chosen = {(user.pk, pref.community_id, kind): pref.frequency for pref in mine}
    return chosen_frequency(chosen, user.pk, community_id, kind)


def choices_of(user_ids) -> dict[tuple[int, int | None, str], str]:
    """{(user id, community id or None, kind): frequency} of these members, in one query:
    for deciding a batch of e-mails with `chosen_frequency`."""
    return {
        (pref.user_id, pref.community_id, pref.kind): pref.frequency
        for pref in EmailPreference.objects.filter(user_id__in=set(user_ids))
    }


def chosen_frequency(choices, user_id: int, community_id: int | None, kind: str) -> str:
    """`frequency_for` read from `choices_of`."""
    here = choices.get((user_id, community_id, kind))
    if here is not None:
        return here
    return choices.get((user_id, None, kind), DEFAULTS.get(kind, Frequency.IMMEDIATELY))


def refused_among(addresses) -> set[str]:
    """The addresses (lower-cased) among these that refuse mail, in one query."""
    wanted = {address.lower() for address in addresses if address}
    return set(Suppression.objects.filter(email__in=wanted).values_list("email", flat=True))


def read_in_app(rows) -> set[tuple[int, str, int, int | None]]:
    """(member, kind, post, comment) of these e-mails whose notification the member already
    read in the app, in one query: sending them would repeat it."""
    rows = [row for row in rows if row.post_id is not None and row.kind in NOTIFICATION_KINDS]
    if not rows:
        return set()
    found = Notification.objects.filter(
        recipient_id__in={row.user_id for row in rows},
        post_id__in={row.post_id for row in rows},
        kind__in=NOTIFICATION_KINDS,
        read_at__isnull=False,
    ).values_list("recipient_id", "kind", "post_id", "comment_id")
    return set(found)


def preferences_of(user) -> dict[tuple[int | None, str], str]:
    """{(community id or None, kind): frequency} of what the member chose."""
    return {
        (pref.community_id, pref.kind): pref.frequency
        for pref in EmailPreference.objects.filter(user=user)
    }


def is_refused(address: str) -> bool:
    return Suppression.objects.filter(email=address.lower()).exists()


def refusal_to_tell(user) -> Suppression | None:
    """The bounce of the member's address they have not been told of yet."""
    if not user.is_authenticated:
        return None
    return Suppression.objects.filter(email=user.email.lower(), told_at__isnull=True).first()
