"""Who may see an image: decided by what the image is for, by the app that owns that.

Media knows communities, not posts: conversations (above it) registers how a post's or a
comment's images are seen (`register`), the way moderation registers its screen with
conversations. A decision is PUBLIC (anyone, cached anywhere), MEMBERS (this person may,
nobody should keep a copy for others) or None (a 404: private stays invisible).
"""

from __future__ import annotations

from collections.abc import Callable

from agora.communities import selectors as community_selectors

from .models import Image, ImageState, Purpose

PUBLIC = "public"
MEMBERS = "members"

Resolver = Callable[[object, Image], str | None]
_resolvers: dict[str, Resolver] = {}
# Who reviews what others may not see (moderation: the jurors and stewards of a case).
_reviewers: list[Callable[[object, Image], bool]] = []


def register(purpose: str, resolver: Resolver) -> None:
    """`resolver(user, image)` decides for every image of `purpose` (replaces, by purpose)."""
    _resolvers[purpose] = resolver


def register_reviewer(reviews: Callable[[object, Image], bool]) -> None:
    """`reviews(user, image)`: may this person see an image withheld from others?"""
    if reviews not in _reviewers:
        _reviewers.append(reviews)


def reviewer_decision(user, image: Image) -> str | None:
    """MEMBERS for whoever reviews the image (a juror, a steward), None for anyone else."""
    if not user.is_authenticated:
        return None
    return MEMBERS if any(reviews(user, image) for reviews in _reviewers) else None


def community_decision(user, community) -> str | None:
    """What a community's own visibility allows: everyone, its members, or nobody."""
    if community.visibility == "public":
        return PUBLIC
    return MEMBERS if community_selectors.can_see(user, community) else None


def uploader_only(user, image: Image) -> str | None:
    """An image not yet published (in a composer): its uploader's alone."""
    if user.is_authenticated and image.uploader_id == user.pk:
        return MEMBERS
    return None


def decide(user, image: Image) -> str | None:
    if image.state != ImageState.READY:
        return None
    if image.purpose == Purpose.AVATAR:
        return PUBLIC  # a face, like a name, is shown wherever its member speaks
    if image.community is not None and community_decision(user, image.community) is None:
        return None  # a private community first, whatever else says
    resolver = _resolvers.get(image.purpose)
    if resolver is None:
        return None
    return resolver(user, image)


def _community_look(user, image: Image) -> str | None:
    from .models import CommunityLook

    look = CommunityLook.objects.filter(community=image.community).first()
    if look is None or image.pk not in (look.logo_id, look.cover_id):
        return uploader_only(user, image)
    return community_decision(user, image.community)


register(Purpose.LOGO, _community_look)
register(Purpose.COVER, _community_look)
