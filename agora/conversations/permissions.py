from django.utils.translation import gettext as _

from agora.communities import selectors as community_selectors
from agora.core.errors import NotAllowed


def can_use_coach(user, community) -> bool:
    """Stewards always; members when the community turned the coach on for them."""
    if community_selectors.is_steward(user, community):
        return True
    identity = getattr(community, "identity", None)
    return bool(
        identity is not None
        and identity.coach_for_members
        and community_selectors.is_member(user, community)
    )


def check_can_use_coach(user, community) -> None:
    if not can_use_coach(user, community):
        raise NotAllowed(_("The voice coach is for this community's stewards."))
