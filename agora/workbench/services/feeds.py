"""Secret calendar links: a steward subscribes from their own calendar application."""

from django.db import transaction

from agora.communities.permissions import check_can_steward
from agora.core.clock import now

from ..models import CalendarFeed


@transaction.atomic
def create_feed(*, community, user) -> str:
    """A new secret link (the previous one stops working); the secret is returned once."""
    check_can_steward(user, community)
    revoke_feed(community=community, user=user)
    secret = CalendarFeed.new_secret()
    CalendarFeed.objects.create(
        community=community, user=user, secret_hash=CalendarFeed.hash(secret), created_at=now()
    )
    return secret


@transaction.atomic
def revoke_feed(*, community, user) -> int:
    return CalendarFeed.objects.filter(
        community=community, user=user, revoked_at__isnull=True
    ).update(revoked_at=now())
