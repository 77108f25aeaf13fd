"""Creating a community, and the facts about it that every app reads (its time zone)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.core import zones
from agora.core.clock import now
from agora.core.errors import InvalidInput

from ..models import Community, Membership, Visibility
from ..permissions import check_can_steward, check_is_verified
from . import mandates

RESERVED_SLUGS = {"new", "api", "static", "accounts", "admin", "members", "notifications"}


@transaction.atomic
def create_community(*, founder, name: str, slug: str, description: str, visibility: str):
    """Create a community whose founder becomes its first member and steward.

    The community cannot publish a status until its charter, identity and mindset exist.
    """
    check_is_verified(founder)
    slug = slug.strip().lower()
    if visibility not in Visibility.values:
        raise InvalidInput(errors={"visibility": [_("Choose public or private.")]})
    if slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        raise InvalidInput(errors={"slug": [_("This address is taken. Please choose another.")]})
    moment = now()
    try:
        with transaction.atomic():
            community = Community.objects.create(
                name=name.strip(),
                slug=slug,
                description=description.strip(),
                visibility=visibility,
                created_by=founder,
                member_count=1,
            )
    except IntegrityError as exc:
        raise InvalidInput(
            errors={"slug": [_("This address is taken. Please choose another.")]}
        ) from exc
    Membership.objects.create(community=community, user=founder, joined_at=moment)
    mandates.start_mandate(community=community, user=founder, reason="founder", starts_at=moment)
    return community


@transaction.atomic
def set_time_zone(*, community, by, time_zone: str) -> Community:
    """The zone the community lives in: days and hours are entered and shown in it (the
    calendar, the health figures' days, the digest's hour) and stored in UTC."""
    check_can_steward(by, community)
    community.time_zone = zones.valid_zone(time_zone)
    community.save(update_fields=["time_zone", "updated_at"])
    return community
