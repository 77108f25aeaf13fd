"""Reads of images and of a community's rules for them."""

from __future__ import annotations

from agora.core import per_community

from .models import Avatar, CommunityLook, Image, ImageState, MediaSettings


def settings_of(community) -> MediaSettings:
    """The community's rules for images; the defaults when none were saved (no write)."""
    return per_community.settings_of(MediaSettings, community)


def image_by_key(key: str) -> Image | None:
    return Image.objects.filter(key=key).select_related("community").first()


def uploads_since(*, uploader, community, since) -> int:
    return Image.objects.filter(
        uploader=uploader, community=community, created_at__gte=since
    ).count()


def pending_before(moment) -> list[int]:
    return list(
        Image.objects.filter(state=ImageState.PENDING, created_at__lt=moment)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )


def images_in(keys, *, uploader, community) -> list[Image]:
    """The uploader's own images in this community among `keys`, in the order given."""
    found = {
        image.key: image
        for image in Image.objects.filter(
            key__in=list(keys), uploader=uploader, community=community
        )
    }
    return [found[key] for key in keys if key in found]


def staged_image(key: str, *, uploader, community) -> Image | None:
    """An image this member uploaded here and has not published yet."""
    return Image.objects.filter(
        key=key, uploader=uploader, community=community, attachment__isnull=True
    ).first()


def look_of(community) -> CommunityLook | None:
    """The community's logo and cover, with their files, or None."""
    return CommunityLook.objects.filter(community=community).select_related("logo", "cover").first()


def avatar_of(user):
    """The member's face (an `Avatar` with its image), or None: their initials are shown."""
    if not user.is_authenticated:
        return None
    return Avatar.objects.filter(user=user).select_related("image").first()
