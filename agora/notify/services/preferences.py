"""A member's choices: per kind, everywhere or in one community; and stopping one kind from
an e-mail's own link (RFC 8058 one-click, no login)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from agora.communities.models import Membership
from agora.core.errors import InvalidInput, NotFound

from ..models import EmailKind, EmailPreference, Frequency
from ..tokens import ALL

SAME_AS_DEFAULT = "default"


@transaction.atomic
def set_preferences(*, user, choices: dict[tuple[int | None, str], str]) -> int:
    """Save {(community id or None, kind): frequency}; "default" for a community removes its
    own choice. Communities must be the member's. Returns how many changed."""
    communities = {m.community_id for m in user.memberships.all()}
    changed = 0
    for (community_id, kind), frequency in choices.items():
        if kind not in EmailKind.values:
            raise InvalidInput(_("Unknown kind of e-mail."))
        if community_id is not None and community_id not in communities:
            raise NotFound()
        if frequency == SAME_AS_DEFAULT and community_id is not None:
            changed += EmailPreference.objects.filter(
                user=user, community_id=community_id, kind=kind
            ).delete()[0]
            continue
        if frequency not in Frequency.values:
            raise InvalidInput(_("Choose how often, or never."))
        EmailPreference.objects.update_or_create(
            user=user, community_id=community_id, kind=kind, defaults={"frequency": frequency}
        )
        changed += 1
    return changed


@transaction.atomic
def stop(*, user, kind: str, community_id: int | None) -> None:
    """No more e-mail of this kind from this community (or anywhere, community None). Someone
    who left the community since is stopped everywhere for that kind."""
    if kind == ALL:
        for each in EmailKind.values:
            EmailPreference.objects.update_or_create(
                user=user, community=None, kind=each, defaults={"frequency": Frequency.NEVER}
            )
        EmailPreference.objects.filter(user=user, community__isnull=False).update(
            frequency=Frequency.NEVER
        )
        return
    if kind not in EmailKind.values:
        raise NotFound()
    if (
        community_id is not None
        and not Membership.objects.filter(user=user, community_id=community_id).exists()
    ):
        community_id = None
    EmailPreference.objects.update_or_create(
        user=user, community_id=community_id, kind=kind, defaults={"frequency": Frequency.NEVER}
    )
