"""Reads for e-mail: what a member chose, and whether an address still takes mail."""

from __future__ import annotations

from django.db.models import Q

from .models import DEFAULTS, EmailPreference, Frequency, Suppression


def frequency_for(user, community_id: int | None, kind: str) -> str:
    """The member's choice for this kind here: the community's own, else their default,
    else Agora's default."""
    mine = EmailPreference.objects.filter(user=user, kind=kind).filter(
        Q(community_id=community_id) | Q(community__isnull=True)
    )
    chosen = {pref.community_id: pref.frequency for pref in mine}
    if community_id in chosen:
        return chosen[community_id]
    return chosen.get(None, DEFAULTS.get(kind, Frequency.IMMEDIATELY))


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
